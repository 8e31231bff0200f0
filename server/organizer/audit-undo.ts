// Undo from the audit log: an entrants import puts the list it replaced back, a gun fired or
// corrected puts the time it replaced back. Each is asked first (a preview says what would
// change), is itself audited, keeps what undoing it needs (so an undo can be undone), and marks
// the entry it undid in the same transaction, so the same entry is never undone twice.
import { z } from 'zod';
import type { Entrant } from '../../shared/domain';
import { formatTimeOfDay } from '../../shared/format';
import type { UndoPreview } from '../../shared/organizer-api';
import { Conflict, NotFound } from '../domain/errors';
import type { Organizer } from '../storage/organizer-accounts';
import { entrantChanges } from './entrant-changes';
import type { OrganizerContext } from './organizer-context';
import { gunOf, withGun } from './race-control';
import { changeSetup, currentSetup } from './setup-change';

/** What an audit entry keeps to be undone (written by entrant-import.ts and race-control.ts). */
const undoDataSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('entrants'), entrants: z.array(z.record(z.string(), z.unknown())) }),
  z.object({ kind: z.literal('gun'), raceId: z.string(), waveId: z.string().nullable(), gunTime: z.number().nullable(), replacedBy: z.number().nullable() }),
]);
type UndoData = z.infer<typeof undoDataSchema>;

function undoable(ctx: OrganizerContext, eventId: string, auditId: number) {
  const found = ctx.audit.entryWithUndo(eventId, auditId);
  if (!found) throw new NotFound(`no audit entry ${auditId} in event "${eventId}"`);
  const { entry } = found;
  if (entry.undoneBy !== null) throw new Conflict(`audit entry ${auditId} (${entry.action}) was undone already, by entry ${entry.undoneBy}`);
  const data = undoDataSchema.safeParse(found.undo);
  if (found.undo === null || !data.success) throw new Conflict(`audit entry ${auditId} (${entry.action}) cannot be undone`);
  return { entry, data: data.data };
}

function gunLabel(data: Extract<UndoData, { kind: 'gun' }>) {
  return data.waveId ? `${data.raceId}/${data.waveId}` : data.raceId;
}

/** What undoing the entry would change; changes nothing. */
export function previewUndo(ctx: OrganizerContext, eventId: string, auditId: number): UndoPreview {
  const { entry, data } = undoable(ctx, eventId, auditId);
  const setup = currentSetup(ctx, eventId);
  if (data.kind === 'entrants') {
    return { auditId, action: entry.action, kind: 'entrants', changes: entrantChanges(setup.entrants, data.entrants as unknown as Entrant[], (bib) => ctx.runtime.readCount(eventId, bib) > 0) };
  }
  const current = gunOf(setup, data.raceId, data.waveId);
  if (current !== data.replacedBy) {
    throw new Conflict(
      `the gun of ${gunLabel(data)} has changed since entry ${auditId} (now ${formatTimeOfDay(current, setup.timeZone)}, ${setup.timeZone}): undo the later change first`,
    );
  }
  return { auditId, action: entry.action, kind: 'gun', raceId: data.raceId, waveId: data.waveId, from: current, to: data.gunTime };
}

export function undoChange(ctx: OrganizerContext, organizer: Organizer, eventId: string, auditId: number, reason?: string): { undone: number; entry: number } {
  const preview = previewUndo(ctx, eventId, auditId);
  const { entry, data } = undoable(ctx, eventId, auditId);
  let undoEntry = 0;
  changeSetup(ctx, organizer, eventId, {
    action: 'undo',
    target: `${entry.action} #${auditId}`,
    reason,
    apply: (s) => (data.kind === 'entrants' ? { ...s, entrants: data.entrants as unknown as Entrant[] } : withGun(s, data.raceId, data.waveId, data.gunTime)),
    describe: (before, after) =>
      preview.kind === 'entrants'
        ? { before: { entrants: before.entrants.length }, after: { entrants: after.entrants.length, undoes: auditId, ...preview.changes } }
        : { before: { gunTime: preview.from }, after: { gunTime: preview.to, undoes: auditId } },
    undo: (before) =>
      data.kind === 'entrants'
        ? { kind: 'entrants', entrants: before.entrants }
        : { kind: 'gun', raceId: data.raceId, waveId: data.waveId, gunTime: preview.kind === 'gun' ? preview.from : null, replacedBy: data.gunTime },
    withEntry: (id) => {
      undoEntry = id;
      if (!ctx.audit.markUndone(auditId, id)) throw new Conflict(`audit entry ${auditId} was undone already`);
    },
  });
  return { undone: auditId, entry: undoEntry };
}
