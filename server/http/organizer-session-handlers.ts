// Log-in, log-out, who am I, and accounts (admins only).
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { loginSchema, newAccountSchema } from '../../shared/organizer';
import { Unauthenticated } from '../domain/errors';
import { createAccount, logIn } from '../organizer/accounts';
import { LoginGuard } from '../organizer/login-guard';
import type { OrganizerContext } from '../organizer/organizer-context';
import { HttpError } from './errors';
import { bodyOf, clearSessionCookie, organizerOf, sessionToken, setSessionCookie } from './organizer-auth';

/** Guessing passwords: a few tries a minute per address (and per account: LoginGuard). */
export const loginRateLimit = (): RequestHandler =>
  rateLimit({ windowMs: 60_000, limit: 20, standardHeaders: 'draft-7', legacyHeaders: false, message: { error: 'too many log-in attempts; wait a minute' } });

export function organizerSessionHandlers(ctx: OrganizerContext) {
  const guard = new LoginGuard(ctx.now);
  return {
    logIn: (async (req, res) => {
      const { email, password } = bodyOf(loginSchema, req.body);
      const address = req.ip ?? 'unknown';
      const waitMs = guard.waitMs(email, address);
      if (waitMs > 0) {
        const seconds = Math.ceil(waitMs / 1000);
        throw new HttpError(429, `too many failed log-ins for this account from this address; try again in ${seconds} s`, { 'Retry-After': String(seconds) });
      }
      try {
        const { organizer, token } = await logIn(ctx, email, password);
        guard.succeeded(email);
        setSessionCookie(req, res, token);
        res.json({ organizer });
      } catch (err) {
        if (err instanceof Unauthenticated) guard.failed(email, address);
        throw err;
      }
    }) as RequestHandler,

    logOut: ((req, res) => {
      const token = sessionToken(req);
      if (token) ctx.sessions.delete(token);
      clearSessionCookie(req, res);
      res.json({ ok: true });
    }) as RequestHandler,

    me: ((_req, res) => {
      res.json({ organizer: organizerOf(res) });
    }) as RequestHandler,

    accounts: ((_req, res) => {
      res.json({ accounts: ctx.accounts.list() });
    }) as RequestHandler,

    createAccount: (async (req, res) => {
      const input = bodyOf(newAccountSchema, req.body);
      res.status(201).json({ organizer: await createAccount(ctx, organizerOf(res), input) });
    }) as RequestHandler,
  } satisfies Record<string, RequestHandler>;
}
