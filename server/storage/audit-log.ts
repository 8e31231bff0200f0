// Every manual change: who, when, what, and the state before and after (JSON). Callers write the
// entry in the same transaction as the change itself.
import type { Db } from './database';

import type { AuditEntry } from '../../shared/organizer';

export type { AuditEntry };

export type NewAuditEntry = Omit<AuditEntry, 'id'>;

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
}

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
const parse = (s: string | null) => (s === null ? null : (JSON.parse(s) as unknown));

export class AuditLog {
  constructor(private db: Db) {}

  append(e: NewAuditEntry): number {
    return Number(
      this.db
        .prepare('INSERT INTO audit_log (event_id, organizer_id, actor, at, action, target, reason, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(e.eventId, e.organizerId, e.actor, e.at, e.action, e.target, e.reason, json(e.before), json(e.after)).lastInsertRowid,
    );
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
    const rows = this.db.prepare(`SELECT * FROM audit_log WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`).all(...args, options.limit ?? 100) as AuditRow[];
    return rows.map((r) => ({
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
    }));
  }
}
