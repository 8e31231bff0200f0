// How each timing device is set up: which of its locations (ChronoTrack location, Race Result box
// or loop) is which timing point, and how far its clock is off. GPS trackers map to bibs.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Db } from './database';

export const decoderAddressSchema = z
  .object({
    host: z.string().min(1).max(253).regex(/^[A-Za-z0-9.:-]+$/, 'must be a host name or an IP address'),
    port: z.number().int().min(1).max(65535).default(3601),
  })
  .strict();
export type DecoderAddress = z.infer<typeof decoderAddressSchema>;

export const deviceTimingSchema = z
  .object({
    /** Location (or box, or box:loop) as the device names it → timing point id. */
    locations: z.record(z.string().min(1).max(64), z.string().min(1).max(64)).default({}),
    /** Milliseconds added to the device's times before scoring (positive: its clock is behind). */
    clockOffsetMs: z.number().int().min(-86_400_000).max(86_400_000).default(0),
    /** A Race Result decoder to connect to (the decoder serves its passings on port 3601). */
    connect: decoderAddressSchema.nullable().default(null),
    /** A backup device: its read of a runner at a point counts only when no main device read them there. */
    backup: z.boolean().default(false),
  })
  .strict();
export type DeviceTiming = z.infer<typeof deviceTimingSchema>;

export class TimingDevices {
  constructor(private db: Db) {}

  get(deviceId: string): DeviceTiming {
    const row = this.db.prepare('SELECT locations, clock_offset_ms, connect, backup FROM timing_devices WHERE device_id = ?').get(deviceId) as
      | { locations: string; clock_offset_ms: number; connect: string | null; backup: number }
      | undefined;
    if (!row) return { locations: {}, clockOffsetMs: 0, connect: null, backup: false };
    return {
      locations: JSON.parse(row.locations) as Record<string, string>,
      clockOffsetMs: row.clock_offset_ms,
      connect: row.connect === null ? null : (JSON.parse(row.connect) as DecoderAddress),
      backup: row.backup === 1,
    };
  }

  save(eventId: string, deviceId: string, timing: DeviceTiming, now: number): void {
    this.db
      .prepare(
        `INSERT INTO timing_devices (device_id, event_id, locations, clock_offset_ms, connect, backup, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (device_id) DO UPDATE SET locations = excluded.locations, clock_offset_ms = excluded.clock_offset_ms,
           connect = excluded.connect, backup = excluded.backup, updated_at = excluded.updated_at`,
      )
      .run(deviceId, eventId, JSON.stringify(timing.locations), timing.clockOffsetMs, timing.connect ? JSON.stringify(timing.connect) : null, timing.backup ? 1 : 0, now);
  }

  /** Every device of every event with a clock offset, to correct the engines at start. */
  offsets(): { eventId: string; deviceId: string; offsetMs: number }[] {
    return (
      this.db.prepare('SELECT event_id, device_id, clock_offset_ms FROM timing_devices WHERE clock_offset_ms != 0').all() as {
        event_id: string;
        device_id: string;
        clock_offset_ms: number;
      }[]
    ).map((r) => ({ eventId: r.event_id, deviceId: r.device_id, offsetMs: r.clock_offset_ms }));
  }

  /** Backup devices of every event, to mark them in the engines at start. */
  backups(): { eventId: string; deviceId: string }[] {
    return (this.db.prepare('SELECT event_id, device_id FROM timing_devices WHERE backup = 1').all() as { event_id: string; device_id: string }[]).map((r) => ({ eventId: r.event_id, deviceId: r.device_id }));
  }

  /** Where each device of an event is mapped (timing point ids), for monitoring the mats. */
  pointsOfDevices(eventId: string): Map<string, { points: string[]; backup: boolean }> {
    const rows = this.db.prepare('SELECT device_id, locations, backup FROM timing_devices WHERE event_id = ?').all(eventId) as { device_id: string; locations: string; backup: number }[];
    return new Map(rows.map((r) => [r.device_id, { points: [...new Set(Object.values(JSON.parse(r.locations) as Record<string, string>))], backup: r.backup === 1 }]));
  }

  /** Devices Splitcast connects to (Race Result decoders). */
  decoders(): { eventId: string; deviceId: string; connect: DecoderAddress }[] {
    return (this.db.prepare('SELECT event_id, device_id, connect FROM timing_devices WHERE connect IS NOT NULL').all() as { event_id: string; device_id: string; connect: string }[]).map(
      (r) => ({ eventId: r.event_id, deviceId: r.device_id, connect: JSON.parse(r.connect) as DecoderAddress }),
    );
  }

  /** Maps a tracker to a bib with a new key (registering again replaces the key). Returns the key. */
  setTracker(eventId: string, trackerId: string, bib: string, now: number): string {
    const key = randomBytes(18).toString('base64url');
    this.db
      .prepare(
        'INSERT INTO gps_trackers (event_id, tracker_id, bib, created_at, key_hash) VALUES (?, ?, ?, ?, ?) ON CONFLICT (event_id, tracker_id) DO UPDATE SET bib = excluded.bib, key_hash = excluded.key_hash',
      )
      .run(eventId, trackerId, bib, now, keyHash(key));
    return key;
  }

  /** The bib of a tracker whose key is right; undefined for an unknown tracker or a wrong key alike. */
  trackerBib(eventId: string, trackerId: string, key: string): string | undefined {
    const row = this.db.prepare('SELECT bib, key_hash FROM gps_trackers WHERE event_id = ? AND tracker_id = ?').get(eventId, trackerId) as { bib: string; key_hash: string | null } | undefined;
    // Hash and compare whether or not the tracker exists, so the answer time tells nothing.
    const given = Buffer.from(keyHash(key), 'base64url');
    const stored = Buffer.from(row?.key_hash ?? keyHash(''), 'base64url');
    const match = timingSafeEqual(given, stored);
    return row?.key_hash && match ? row.bib : undefined;
  }
}

const keyHash = (key: string) => createHash('sha256').update(key).digest('base64url');
