// Log-in, log-out, who am I, and accounts (admins only).
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { loginSchema, newAccountSchema } from '../../shared/organizer';
import { createAccount, logIn } from '../organizer/accounts';
import type { OrganizerContext } from '../organizer/organizer-context';
import { bodyOf, clearSessionCookie, organizerOf, sessionToken, setSessionCookie } from './organizer-auth';

/** Guessing passwords: a few tries a minute per address. */
export const loginRateLimit = (): RequestHandler =>
  rateLimit({ windowMs: 60_000, limit: 20, standardHeaders: 'draft-7', legacyHeaders: false, message: { error: 'too many log-in attempts; wait a minute' } });

export function organizerSessionHandlers(ctx: OrganizerContext) {
  return {
    logIn: (async (req, res) => {
      const { email, password } = bodyOf(loginSchema, req.body);
      const { organizer, token } = await logIn(ctx, email, password);
      setSessionCookie(req, res, token);
      res.json({ organizer });
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
