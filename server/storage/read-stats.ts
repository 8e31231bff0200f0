// Reads per timing point as they arrive, for monitoring the mats: counts over recent windows (a
// range on the (event, point, received_at) index), the last read and the devices that read there
// (the mat_contacts table), so a report costs the same early in a race as after a million reads.
import type { Db } from './database';

export interface PointReadStats {
  point: string;
  lastMinute: number;
  lastFiveMinutes: number;
  /** Epoch ms the last read arrived, and the mat time it carried. */
  lastReceivedAt: number | null;
  lastReadTime: number | null;
  /** Devices that sent reads for this point, with when they last did. */
  devices: { id: string; lastReceivedAt: number }[];
}

export class ReadStats {
  private countSince;
  private contacts;

  constructor(db: Db) {
    this.countSince = db.prepare('SELECT count(*) AS n FROM reads WHERE event_id = ? AND point = ? AND received_at >= ?');
    // Kept by the read log, once per batch and mat (manual splits are not a mat's reads).
    this.contacts = db.prepare('SELECT point, device, last_received_at, last_time FROM mat_contacts WHERE event_id = ?');
  }

  byPoint(eventId: string, points: readonly string[], now: number): PointReadStats[] {
    const contacts = this.contacts.all(eventId) as { point: string; device: string; last_received_at: number; last_time: number }[];
    return points.map((point) => {
      const here = contacts.filter((c) => c.point === point);
      return {
        point,
        lastMinute: (this.countSince.get(eventId, point, now - 60_000) as { n: number }).n,
        lastFiveMinutes: (this.countSince.get(eventId, point, now - 300_000) as { n: number }).n,
        lastReceivedAt: here.length ? Math.max(...here.map((c) => c.last_received_at)) : null,
        lastReadTime: here.length ? Math.max(...here.map((c) => c.last_time)) : null,
        devices: here.map((c) => ({ id: c.device, lastReceivedAt: c.last_received_at })),
      };
    });
  }
}
