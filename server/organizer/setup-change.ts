// The one way a set-up changes from the console: compute the next set-up, check it whole, then in
// one transaction write the audit entry and store it (runtime.saveSetup re-derives the runners
// concerned and pushes the change live).
import { eventSetupSchema, type EventSetup } from '../../shared/domain';
import { Invalid, NotFound } from '../domain/errors';
import type { Organizer } from '../storage/organizer-accounts';
import { actorOf, type OrganizerContext } from './organizer-context';

export interface SetupChange {
  action: string;
  target: string | null;
  reason?: string | null;
  /** The next set-up, from a copy of the current one. */
  apply: (setup: EventSetup) => EventSetup;
  /** What the audit log keeps of the state before and after (defaults to nothing). */
  describe?: (before: EventSetup, after: EventSetup) => { before: unknown; after: unknown };
  /** What undoing the change needs, kept with its audit entry (see audit-undo.ts). */
  undo?: (before: EventSetup) => unknown;
  /** Done in the same transaction, once the audit entry is written (an undo marks what it undid). */
  withEntry?: (auditId: number) => void;
}

export function currentSetup(ctx: OrganizerContext, eventId: string): EventSetup {
  const setup = ctx.runtime.setup(eventId);
  if (!setup) throw new NotFound(`no event "${eventId}"`);
  return setup;
}

export function changeSetup(ctx: OrganizerContext, organizer: Organizer, eventId: string, change: SetupChange): EventSetup {
  const before = currentSetup(ctx, eventId);
  const candidate = change.apply(structuredClone(before));
  const parsed = eventSetupSchema.safeParse(candidate);
  if (!parsed.success) throw Invalid.fromZod(parsed.error, true);
  const next = parsed.data;
  const described = change.describe?.(before, next) ?? { before: null, after: null };
  const entry = { eventId, ...actorOf(organizer), at: ctx.now(), action: change.action, target: change.target, reason: change.reason ?? null, ...described, undo: change.undo?.(before) };
  ctx.db.transaction(() => {
    const id = ctx.audit.append(entry);
    change.withEntry?.(id);
    ctx.runtime.saveSetup(next);
  })();
  ctx.onAudit(entry);
  return next;
}
