// Organizer sessions: a random token in the cookie, only its hash here, with an expiry.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './database';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export class Sessions {
  constructor(private db: Db) {}

  create(organizerId: string, now: number, ttlMs: number): { token: string; expiresAt: number } {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = now + ttlMs;
    this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now);
    this.db.prepare('INSERT INTO sessions (token_hash, organizer_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(hash(token), organizerId, now, expiresAt);
    return { token, expiresAt };
  }

  /** The organizer id of a live session. */
  verify(token: string, now: number): string | undefined {
    const row = this.db.prepare('SELECT organizer_id, expires_at FROM sessions WHERE token_hash = ?').get(hash(token)) as
      | { organizer_id: string; expires_at: number }
      | undefined;
    return row && row.expires_at > now ? row.organizer_id : undefined;
  }

  delete(token: string): void {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(hash(token));
  }
}
