// Organizer accounts. An admin manages every event and the accounts; an organizer the listed events.
import { randomUUID } from 'node:crypto';
import type { Db } from './database';

import type { Organizer, OrganizerRole } from '../../shared/organizer-api';

export type { Organizer, OrganizerRole };

interface OrganizerRow {
  id: string;
  email: string;
  password_hash: string;
  role: OrganizerRole;
  event_ids: string | null;
  created_at: number;
}

const toOrganizer = (r: OrganizerRow): Organizer => ({
  id: r.id,
  email: r.email,
  role: r.role,
  eventIds: r.event_ids === null ? null : (JSON.parse(r.event_ids) as string[]),
  createdAt: r.created_at,
});

export class OrganizerAccounts {
  constructor(private db: Db) {}

  /** Undefined when the e-mail address is taken. */
  create(input: { email: string; passwordHash: string; role: OrganizerRole; eventIds: string[] | null }, now: number): Organizer | undefined {
    const id = randomUUID();
    const result = this.db
      .prepare('INSERT INTO organizers (id, email, password_hash, role, event_ids, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING')
      .run(id, input.email.trim(), input.passwordHash, input.role, input.eventIds === null ? null : JSON.stringify(input.eventIds), now);
    return result.changes === 1 ? this.byId(id) : undefined;
  }

  byId(id: string): Organizer | undefined {
    const row = this.db.prepare('SELECT * FROM organizers WHERE id = ?').get(id) as OrganizerRow | undefined;
    return row && toOrganizer(row);
  }

  /** The account and its password hash, for log-in. */
  credentials(email: string): { organizer: Organizer; passwordHash: string } | undefined {
    const row = this.db.prepare('SELECT * FROM organizers WHERE email = ?').get(email.trim()) as OrganizerRow | undefined;
    return row && { organizer: toOrganizer(row), passwordHash: row.password_hash };
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM organizers').get() as { n: number }).n;
  }

  list(): Organizer[] {
    return (this.db.prepare('SELECT * FROM organizers ORDER BY created_at').all() as OrganizerRow[]).map(toOrganizer);
  }

  grantEvent(id: string, eventId: string): void {
    const organizer = this.byId(id);
    if (!organizer || organizer.eventIds === null || organizer.eventIds.includes(eventId)) return;
    this.db.prepare('UPDATE organizers SET event_ids = ? WHERE id = ?').run(JSON.stringify([...organizer.eventIds, eventId]), id);
  }
}
