// Tokens of timing devices. Only a hash is stored; the token itself is shown once, at creation.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { DeviceInfo } from '../../shared/organizer-api';
import type { Db } from './database';

/** A device token's record (never the token: only its hash is kept). */
export type Device = DeviceInfo;

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export function newToken(): string {
  return `sct_${randomBytes(24).toString('base64url')}`;
}

export class DeviceTokens {
  constructor(private db: Db) {}

  /** Register a device; `token` may be given (the demo's configured token), else one is made. */
  create(eventId: string, name: string, now: number, token = newToken()): { device: Device; token: string } {
    const id = randomUUID();
    this.db
      .prepare('INSERT INTO devices (id, event_id, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (token_hash) DO NOTHING')
      .run(id, eventId, name, hash(token), now);
    const device = this.byToken(token);
    if (!device) throw new Error('device token could not be stored');
    return { device, token };
  }

  /** The device of a token, or undefined for an unknown or revoked one. */
  verify(token: string): Device | undefined {
    const device = this.byToken(token);
    return device && device.revokedAt === null ? device : undefined;
  }

  touch(id: string, now: number): void {
    this.db.prepare('UPDATE devices SET last_seen_at = ? WHERE id = ?').run(now, id);
  }

  revoke(id: string, now: number): boolean {
    return this.db.prepare('UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, id).changes === 1;
  }

  list(eventId: string): Device[] {
    return (this.db.prepare('SELECT * FROM devices WHERE event_id = ? ORDER BY created_at').all(eventId) as DeviceRow[]).map(toDevice);
  }

  private byToken(token: string): Device | undefined {
    const row = this.db.prepare('SELECT * FROM devices WHERE token_hash = ?').get(hash(token)) as DeviceRow | undefined;
    return row && toDevice(row);
  }
}

interface DeviceRow {
  id: string;
  event_id: string;
  name: string;
  created_at: number;
  revoked_at: number | null;
  last_seen_at: number | null;
}

function toDevice(r: DeviceRow): Device {
  return { id: r.id, eventId: r.event_id, name: r.name, createdAt: r.created_at, revokedAt: r.revoked_at, lastSeenAt: r.last_seen_at };
}
