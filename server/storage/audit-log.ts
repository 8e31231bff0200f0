// Every manual change: who, when, what, and the state before and after (JSON). Callers write the
// entry in the same transaction as the change itself.
import type { Db } from './database';

import type { AuditEntry } from '../../shared/organizer';

export type { AuditEntry };

/** An entry to write; `undo` is what undoing it needs, kept apart from what the log shows. */
export type NewAuditEntry = Omit<AuditEntry, 'id' | 'undoable' | 'undoneBy'> & { undo?: unknown };

interface AuditRow {
  id: number;
  event_id: string | null;
  organizer_id: string | null;
  actor: string;
  at: number;
  action: string;
  target: string | null;
  reason: string | null;
  before: string | null;
  after: string | null;
  undo: string | null;
  undone_by: number | null;
}

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
const parse = (s: string | null) => (s === null ? null : (JSON.parse(s) as unknown));

export class AuditLog {
  constructor(private db: Db) {}

  append(e: NewAuditEntry): number {
    return Number(
      this.db
        .prepare('INSERT INTO audit_log (event_id, organizer_id, actor, at, action, target, reason, before, after, undo) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(e.eventId, e.organizerId, e.actor, e.at, e.action, e.target, e.reason, json(e.before), json(e.after), json(e.undo)).lastInsertRowid,
    );
  }

  /** One entry of an event with what undoing it needs (null when it keeps nothing to undo with). */
  entryWithUndo(eventId: string, id: number): { entry: AuditEntry; undo: unknown } | null {
    const row = this.db.prepare('SELECT * FROM audit_log WHERE event_id = ? AND id = ?').get(eventId, id) as AuditRow | undefined;
    return row ? { entry: toEntry(row), undo: parse(row.undo) } : null;
  }

  /** Marks an entry undone by another; false when it was undone already. */
  markUndone(id: number, undoneBy: number): boolean {
    return this.db.prepare('UPDATE audit_log SET undone_by = ? WHERE id = ? AND undone_by IS NULL').run(undoneBy, id).changes === 1;
  }

  /**
   * Newest first, filtered by action (exact, or a family ending in "."), runner (the entry's
   * target, or a bib in its before or after) and time.
   */
  list(eventId: string, options: { beforeId?: number; limit?: number; action?: string; runner?: string; from?: number; to?: number } = {}): AuditEntry[] {
    const where = ['event_id = ?', 'id < ?'];
    const args: unknown[] = [eventId, options.beforeId ?? Number.MAX_SAFE_INTEGER];
    if (options.action !== undefined) {
      if (options.action.endsWith('.')) {
        where.push("substr(action, 1, length(?)) = ?");
        args.push(options.action, options.action);
      } else {
        where.push('action = ?');
        args.push(options.action);
      }
    }
    if (options.runner !== undefined) {
      where.push(`(target = ? OR json_extract(after, '$.bib') = ? OR json_extract(before, '$.bib') = ? OR EXISTS (SELECT 1 FROM json_each(after, '$.bibs') WHERE value = ?))`);
      args.push(options.runner, options.runner, options.runner, options.runner);
    }
    if (options.from !== undefined) {
      where.push('at >= ?');
      args.push(options.from);
    }
    if (options.to !== undefined) {
      where.push('at <= ?');
      args.push(options.to);
    }
    // The undo column can hold a whole entrant list: the list asks only whether it is there.
    const rows = this.db
      .prepare(`SELECT id, event_id, organizer_id, actor, at, action, target, reason, before, after, CASE WHEN undo IS NULL THEN NULL ELSE '1' END AS undo, undone_by FROM audit_log WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`)
      .all(...args, options.limit ?? 100) as AuditRow[];
    return rows.map(toEntry);
  }
}

function toEntry(r: AuditRow): AuditEntry {
  return {
    id: r.id,
    eventId: r.event_id,
    organizerId: r.organizer_id,
    actor: r.actor,
    at: r.at,
    action: r.action,
    target: r.target,
    reason: r.reason,
    before: parse(r.before),
    after: parse(r.after),
    undoable: r.undo !== null,
    undoneBy: r.undone_by,
  };
}
