// Log-in, log-out, who am I, and accounts (admins only).
import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { loginSchema, newAccountSchema } from '../../shared/organizer';
import { createAccount, logIn } from '../organizer/accounts';
import type { OrganizerContext } from '../organizer/organizer-context';
import { bodyOf, clearSessionCookie, organizerOf, requireAdmin, requireJsonWrites, requireOrganizer, sessionToken, setSessionCookie } from './organizer-auth';

export function organizerSessionRoutes(ctx: OrganizerContext): Router {
  const router = Router();
  // Guessing passwords: a few tries a minute per address.
  const loginLimit = rateLimit({ windowMs: 60_000, limit: 20, standardHeaders: 'draft-7', legacyHeaders: false, message: { error: 'too many log-in attempts; wait a minute' } });

  router.post('/api/organizer/login', loginLimit, requireJsonWrites, async (req, res) => {
    const { email, password } = bodyOf(loginSchema, req.body);
    const { organizer, token } = await logIn(ctx, email, password);
    setSessionCookie(req, res, token);
    res.json({ organizer });
  });

  router.post('/api/organizer/logout', requireJsonWrites, (req, res) => {
    const token = sessionToken(req);
    if (token) ctx.sessions.delete(token);
    clearSessionCookie(req, res);
    res.json({ ok: true });
  });

  router.get('/api/organizer/me', requireOrganizer(ctx), (_req, res) => {
    res.json({ organizer: organizerOf(res) });
  });

  router.get('/api/organizer/accounts', requireOrganizer(ctx), requireAdmin, (_req, res) => {
    res.json({ accounts: ctx.accounts.list() });
  });

  router.post('/api/organizer/accounts', requireOrganizer(ctx), requireAdmin, requireJsonWrites, async (req, res) => {
    const input = bodyOf(newAccountSchema, req.body);
    res.status(201).json({ organizer: await createAccount(ctx, organizerOf(res), input) });
  });

  return router;
}
