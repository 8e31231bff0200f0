// Log-in, sessions and accounts. The first account comes from ORGANIZER_EMAIL / ORGANIZER_PASSWORD
// at start, or from `npm run organizer:create`.
import { Conflict, Unauthenticated } from '../domain/errors';
import type { Organizer, OrganizerRole } from '../storage/organizer-accounts';
import { decoyHash, hashPassword, verifyPassword } from './passwords';
import type { OrganizerContext } from './organizer-context';

export const SESSION_TTL_MS = 12 * 3600_000;
/** The cookie that carries an organizer's session, read by the HTTP routes and the console's socket alike. */
export const SESSION_COOKIE = 'sc_session';

export async function logIn(ctx: OrganizerContext, email: string, password: string): Promise<{ organizer: Organizer; token: string; expiresAt: number }> {
  const found = ctx.accounts.credentials(email);
  // Hash something either way, so the answer time does not tell which addresses have accounts.
  const ok = await verifyPassword(password, found?.passwordHash ?? (await decoyHash()));
  if (!found || !ok) throw new Unauthenticated('wrong e-mail address or password');
  const session = ctx.sessions.create(found.organizer.id, ctx.now(), SESSION_TTL_MS);
  ctx.db.transaction(() =>
    ctx.audit.append({ eventId: null, organizerId: found.organizer.id, actor: found.organizer.email, at: ctx.now(), action: 'session.login', target: null, reason: null, before: null, after: null }),
  )();
  return { organizer: found.organizer, ...session };
}

export function organizerOfSession(ctx: OrganizerContext, token: string | undefined): Organizer | undefined {
  if (!token) return undefined;
  const id = ctx.sessions.verify(token, ctx.now());
  return id === undefined ? undefined : ctx.accounts.byId(id);
}

export function mayManage(organizer: Organizer, eventId: string): boolean {
  return organizer.role === 'admin' || (organizer.eventIds ?? []).includes(eventId);
}

export async function createAccount(
  ctx: Pick<OrganizerContext, 'db' | 'accounts' | 'audit' | 'now'>,
  by: Organizer | 'cli',
  input: { email: string; password: string; role: OrganizerRole; eventIds?: string[] },
): Promise<Organizer> {
  const passwordHash = await hashPassword(input.password);
  const now = ctx.now();
  const created = ctx.db.transaction(() => {
    const organizer = ctx.accounts.create({ email: input.email, passwordHash, role: input.role, eventIds: input.role === 'admin' ? null : (input.eventIds ?? []) }, now);
    if (!organizer) return undefined;
    ctx.audit.append({
      eventId: null,
      organizerId: by === 'cli' ? null : by.id,
      actor: by === 'cli' ? 'cli' : by.email,
      at: now,
      action: 'account.create',
      target: organizer.email,
      reason: null,
      before: null,
      after: { email: organizer.email, role: organizer.role, eventIds: organizer.eventIds },
    });
    return organizer;
  })();
  if (!created) throw new Conflict(`an account for ${input.email} exists already`);
  return created;
}

/** The first account from the environment; nothing happens when it exists already. */
export async function ensureFirstAccount(ctx: OrganizerContext, email: string | undefined, password: string | undefined): Promise<void> {
  if (!email || !password || ctx.accounts.credentials(email)) return;
  await createAccount(ctx, 'cli', { email, password, role: 'admin' });
  ctx.log.info({ email }, 'organizer account created from ORGANIZER_EMAIL');
}
