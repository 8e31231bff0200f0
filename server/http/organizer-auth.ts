// The organizers' edge: the session cookie, the checks every organizer route makes (a session,
// access to the event, admin for accounts), and JSON-only writes (with SameSite=Strict, the CSRF
// guard: a cross-site form cannot send application/json).
import type { Request, RequestHandler, Response } from 'express';
import type { ZodType } from 'zod';
import { mayManage, organizerOfSession, SESSION_COOKIE, SESSION_TTL_MS } from '../organizer/accounts';
import type { OrganizerContext } from '../organizer/organizer-context';
import type { Organizer } from '../storage/organizer-accounts';
import { formatZodError } from '../../shared/zod-format';
import { HttpError } from './errors';

export function setSessionCookie(req: Request, res: Response, token: string): void {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', maxAge: SESSION_TTL_MS });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
}

export const sessionToken = (req: Request): string | undefined => (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];

/** Writes must be JSON; other methods pass. */
export const requireJsonWrites: RequestHandler = (req, _res, next) => {
  if (req.method !== 'GET' && req.method !== 'HEAD' && !req.is('application/json')) {
    throw new HttpError(415, 'send JSON (Content-Type: application/json)');
  }
  next();
};

export function requireOrganizer(ctx: OrganizerContext): RequestHandler {
  return (req, res, next) => {
    const organizer = organizerOfSession(ctx, sessionToken(req));
    if (!organizer) throw new HttpError(401, 'log in first: no valid organizer session');
    res.locals.organizer = organizer;
    next();
  };
}

/** After requireOrganizer, on routes with :eventId. */
export const requireEventAccess: RequestHandler = (req, res, next) => {
  const eventId = (req.params as Record<string, string>).eventId;
  if (eventId !== undefined && !mayManage(organizerOf(res), eventId)) throw new HttpError(403, `you may not manage event "${eventId}"`);
  next();
};

export const requireAdmin: RequestHandler = (_req, res, next) => {
  if (organizerOf(res).role !== 'admin') throw new HttpError(403, 'only an admin may do this');
  next();
};

export function organizerOf(res: Response): Organizer {
  return res.locals.organizer as Organizer;
}

export function bodyOf<T>(schema: ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new HttpError(400, formatZodError(parsed.error));
  return parsed.data;
}
