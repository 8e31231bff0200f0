// Alerts that are told once (a runner's finish estimate, a runner nearing a subscriber's spot),
// remembered in SQLite so a restart or a standby taking over does not tell them again.
import type { Db } from './database';

export class AlertMarks {
  constructor(private db: Db) {}

  /** Every mark of every event, as `eventId\nbib\nmark`, to load once at start. */
  all(): Set<string> {
    const rows = this.db.prepare('SELECT event_id, bib, mark FROM alert_marks').all() as { event_id: string; bib: string; mark: string }[];
    return new Set(rows.map((r) => markKey(r.event_id, r.bib, r.mark)));
  }

  /** Several at once: one transaction (one fsync), however many alerts a delta made. */
  addAll(marks: readonly { eventId: string; bib: string; mark: string }[]): void {
    if (marks.length === 0) return;
    const insert = this.db.prepare('INSERT OR IGNORE INTO alert_marks (event_id, bib, mark) VALUES (?, ?, ?)');
    this.db.transaction(() => {
      for (const m of marks) insert.run(m.eventId, m.bib, m.mark);
    })();
  }
}

export const markKey = (eventId: string, bib: string, mark: string) => `${eventId}\n${bib}\n${mark}`;
