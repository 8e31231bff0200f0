// Reads per timing point as they arrive, for monitoring the mats: counts over recent windows, the
// last read, and which devices read there. Every query is a range on the (event, point,
// received_at) index, so a report costs the same at the start of a race as after a million reads.
import type { Db } from './database';

export interface PointReadStats {
  point: string;
  lastMinute: number;
  lastFiveMinutes: number;
  /** Epoch ms the last read arrived, and the mat time it carried. */
  lastReceivedAt: number | null;
  lastReadTime: number | null;
  /** Devices that sent reads for this point in the last hour, with when they last did. */
  devices: { id: string; lastReceivedAt: number }[];
}

const DEVICE_WINDOW_MS = 3600_000;

export class ReadStats {
  private countSince;
  private last;
  private devicesSince;

  constructor(db: Db) {
    this.countSince = db.prepare('SELECT count(*) AS n FROM reads WHERE event_id = ? AND point = ? AND received_at >= ?');
    // Manual splits are not a mat's reads.
    this.last = db.prepare(
      `SELECT received_at, time FROM reads WHERE event_id = ? AND point = ? AND (device IS NULL OR device NOT LIKE 'manual:%')
       ORDER BY received_at DESC LIMIT 1`,
    );
    this.devicesSince = db.prepare(
      `SELECT device, max(received_at) AS received FROM reads
       WHERE event_id = ? AND point = ? AND received_at >= ? AND device IS NOT NULL AND device NOT LIKE 'manual:%' GROUP BY device`,
    );
  }

  byPoint(eventId: string, points: readonly string[], now: number): PointReadStats[] {
    return points.map((point) => {
      const last = this.last.get(eventId, point) as { received_at: number; time: number } | undefined;
      const devices = this.devicesSince.all(eventId, point, now - DEVICE_WINDOW_MS) as { device: string; received: number }[];
      return {
        point,
        lastMinute: (this.countSince.get(eventId, point, now - 60_000) as { n: number }).n,
        lastFiveMinutes: (this.countSince.get(eventId, point, now - 300_000) as { n: number }).n,
        lastReceivedAt: last?.received_at ?? null,
        lastReadTime: last?.time ?? null,
        devices: devices.map((d) => ({ id: d.device, lastReceivedAt: d.received })),
      };
    });
  }
}
