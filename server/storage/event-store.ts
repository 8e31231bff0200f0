// Event set-ups, stored whole as validated JSON.
import { eventSetupSchema, type EventSetup } from '../../shared/domain';
import type { Db } from './database';

export class EventStore {
  constructor(private db: Db) {}

  save(setup: EventSetup, now: number): void {
    this.db
      .prepare('INSERT INTO events (id, setup, updated_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET setup = excluded.setup, updated_at = excluded.updated_at')
      .run(setup.id, JSON.stringify(setup), now);
  }

  all(): EventSetup[] {
    const rows = this.db.prepare('SELECT setup FROM events ORDER BY id').all() as { setup: string }[];
    return rows.map((r) => eventSetupSchema.parse(JSON.parse(r.setup)));
  }
}
