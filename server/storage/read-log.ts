// The durable log of every accepted read, in arrival order.
import type { StoredRead } from '../../shared/reads';
import type { Db } from './database';

export interface NewRead {
  key: string;
  point: string;
  chip: string | null;
  bib: string | null;
  time: number;
  device: string | null;
}

export class ReadLog {
  private insert;
  private selectAfter;
  private countStmt;
  private countThroughStmt;
  private contact;
  private lastSeqStmt;

  constructor(private db: Db) {
    // No RETURNING: it makes SQLite journal every page the one-row statement touches, in case the
    // statement must be undone (about 6× the cost of the insert); changes and the last rowid say as much.
    this.insert = db.prepare(
      `INSERT INTO reads (event_id, read_key, point, chip, bib, time, device, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id, read_key) DO NOTHING`,
    );
    // `+event_id`: walked in seq (rowid) order, not through the read-key index and a sort of the
    // whole log into a temporary tree (millions of reads at a major's restart).
    this.selectAfter = db.prepare('SELECT seq, point, chip, bib, time, device FROM reads WHERE +event_id = ? AND seq > ? ORDER BY seq');
    this.countStmt = db.prepare('SELECT count(*) AS n FROM reads WHERE event_id = ?');
    this.countThroughStmt = db.prepare('SELECT count(*) AS n FROM reads WHERE event_id = ? AND seq <= ?');
    this.lastSeqStmt = db.prepare('SELECT coalesce(max(seq), 0) AS n FROM reads');
    this.contact = db.prepare(
      `INSERT INTO mat_contacts (event_id, point, device, last_received_at, last_time) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (event_id, point, device) DO UPDATE SET
         last_received_at = max(last_received_at, excluded.last_received_at), last_time = max(last_time, excluded.last_time)`,
    );
  }

  /**
   * Store a batch in one transaction. Returns, per read, the stored read, or null for a read
   * already in the log (same key).
   */
  append(eventId: string, reads: readonly NewRead[], receivedAt: number): (StoredRead | null)[] {
    return this.db.transaction(() => {
      // Last contact per mat and device, one row write per mat of the batch (monitoring reads it).
      const latest = new Map<string, { point: string; device: string; time: number }>();
      const stored = reads.map((r) => {
        const { changes, lastInsertRowid } = this.insert.run(eventId, r.key, r.point, r.chip, r.bib, r.time, r.device, receivedAt);
        if (changes === 0) return null;
        const seq = Number(lastInsertRowid);
        if (r.device !== null && !r.device.startsWith('manual:')) {
          const key = `${r.point}\u0000${r.device}`;
          const seen = latest.get(key);
          if (!seen || seen.time < r.time) latest.set(key, { point: r.point, device: r.device, time: r.time });
        }
        return { seq, point: r.point, chip: r.chip, bib: r.bib, time: r.time, device: r.device };
      });
      for (const c of latest.values()) this.contact.run(eventId, c.point, c.device, receivedAt, c.time);
      return stored;
    })();
  }

  /** Every read of the event in log order. Point and device names come back as one string each, not one per read. */
  all(eventId: string): Iterable<StoredRead> {
    return this.after(eventId, 0);
  }

  /** The event's reads with a seq above `seq`, in log order. */
  *after(eventId: string, seq: number): Iterable<StoredRead> {
    const names = new Map<string, string>();
    const once = (name: string) => {
      const known = names.get(name);
      if (known !== undefined) return known;
      names.set(name, name);
      return name;
    };
    for (const read of this.selectAfter.iterate(eventId, seq) as Iterable<StoredRead>) {
      read.point = once(read.point);
      if (read.device !== null) read.device = once(read.device);
      yield read;
    }
  }

  /** How many of the event's reads have a seq up to `seq`. */
  countThrough(eventId: string, seq: number): number {
    return (this.countThroughStmt.get(eventId, seq) as { n: number }).n;
  }

  /** The seq of the newest read of any event: how far this instance's log goes. */
  lastSeq(): number {
    return (this.lastSeqStmt.get() as { n: number }).n;
  }

  count(eventId: string): number {
    return (this.countStmt.get(eventId) as { n: number }).n;
  }
}
