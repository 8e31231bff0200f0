// Reads race control set aside (a mat's misread, a wrong manual split). The read stays in the log,
// as the mat saw it; this table says the engine must not score it.
import type { StoredRead } from '../../shared/reads';
import type { Db } from './database';

import type { RunnerRead } from '../../shared/organizer';

export type { RunnerRead };

/** Who set a read aside when no organizer did: the server, for a stored read it could not score. */
export const SERVER_ACTOR = 'server';

export class ReadCorrections {
  constructor(private db: Db) {}

  /** False when the read was already set aside. */
  ignore(eventId: string, seq: number, organizerId: string, reason: string, now: number): boolean {
    return (
      this.db
        .prepare('INSERT INTO ignored_reads (event_id, read_seq, organizer_id, reason, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
        .run(eventId, seq, organizerId, reason, now).changes === 1
    );
  }

  /** Reads the server set aside (newest first, at most `limit`) and how many there are. */
  setAsideByServer(eventId: string, limit: number): { total: number; recent: { seq: number; reason: string }[] } {
    const { total } = this.db.prepare('SELECT count(*) AS total FROM ignored_reads WHERE event_id = ? AND organizer_id = ?').get(eventId, SERVER_ACTOR) as { total: number };
    if (total === 0) return { total, recent: [] };
    const recent = this.db
      .prepare('SELECT read_seq AS seq, reason FROM ignored_reads WHERE event_id = ? AND organizer_id = ? ORDER BY read_seq DESC LIMIT ?')
      .all(eventId, SERVER_ACTOR, limit) as { seq: number; reason: string }[];
    return { total, recent };
  }

  /** Every set-aside read of an event, to take out of the engine after a rebuild from the log. */
  ignoredReads(eventId: string): StoredRead[] {
    return this.db
      .prepare(
        `SELECT r.seq, r.point, r.chip, r.bib, r.time, r.device FROM ignored_reads i
         JOIN reads r ON r.seq = i.read_seq WHERE i.event_id = ? ORDER BY r.seq`,
      )
      .all(eventId) as StoredRead[];
  }

  read(eventId: string, seq: number): StoredRead | undefined {
    return this.db.prepare('SELECT seq, point, chip, bib, time, device FROM reads WHERE event_id = ? AND seq = ?').get(eventId, seq) as StoredRead | undefined;
  }

  /**
   * A runner's reads, set-aside ones included, in mat time order: the scored ones by their log
   * numbers (the engine knows them), the set-aside ones by bib or chip from the small ignore table.
   * The log itself needs no index by bib or chip, which keeps ingest fast.
   */
  runnerReads(eventId: string, scoredSeqs: readonly number[], bib: string, chip: string | null): RunnerRead[] {
    const rows = this.db
      .prepare(
        `SELECT r.seq, r.point, r.chip, r.bib, r.time, r.device, r.received_at, i.reason, i.organizer_id, i.at
         FROM reads r LEFT JOIN ignored_reads i ON i.event_id = r.event_id AND i.read_seq = r.seq
         WHERE r.event_id = ? AND r.seq IN (SELECT value FROM json_each(?))
         UNION
         SELECT r.seq, r.point, r.chip, r.bib, r.time, r.device, r.received_at, i.reason, i.organizer_id, i.at
         FROM ignored_reads i JOIN reads r ON r.seq = i.read_seq
         WHERE i.event_id = ? AND (r.bib = ? OR (? IS NOT NULL AND r.chip = ?))
         ORDER BY 5, 1`,
      )
      .all(eventId, JSON.stringify(scoredSeqs), eventId, bib, chip, chip) as (StoredRead & { received_at: number; reason: string | null; organizer_id: string | null; at: number | null })[];
    return rows.map(({ received_at, reason, organizer_id, at, ...read }) => ({
      ...read,
      receivedAt: received_at,
      ignored: reason === null ? null : { reason, organizerId: organizer_id!, at: at! },
    }));
  }
}
