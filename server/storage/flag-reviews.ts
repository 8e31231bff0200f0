// An organizer's review of a runner's flags (possible course cutting, impossible pace). A review
// covers the flags as they were; a new flag makes the result provisional again.
import type { Db } from './database';

export class FlagReviews {
  constructor(private db: Db) {}

  review(eventId: string, bib: string, flags: readonly string[], organizerId: string, now: number): void {
    this.db
      .prepare(
        `INSERT INTO flag_reviews (event_id, bib, flags, organizer_id, at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (event_id, bib) DO UPDATE SET flags = excluded.flags, organizer_id = excluded.organizer_id, at = excluded.at`,
      )
      .run(eventId, bib, JSON.stringify([...flags].sort()), organizerId, now);
  }

  /** Reviewed flags per bib. */
  all(eventId: string): Map<string, string[]> {
    const rows = this.db.prepare('SELECT bib, flags FROM flag_reviews WHERE event_id = ?').all(eventId) as { bib: string; flags: string }[];
    return new Map(rows.map((r) => [r.bib, JSON.parse(r.flags) as string[]]));
  }
}
