// Reads per timing point as they arrive, for monitoring the mats: counts over recent windows, the
// last read, and which devices read there.
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
  constructor(private db: Db) {}

  byPoint(eventId: string, now: number): PointReadStats[] {
    const recent = this.db
      .prepare(
        `SELECT point, sum(received_at >= ?) AS one, sum(received_at >= ?) AS five
         FROM reads WHERE event_id = ? AND received_at >= ? GROUP BY point`,
      )
      .all(now - 60_000, now - 300_000, eventId, now - 300_000) as { point: string; one: number; five: number }[];
    const byDevice = this.db
      .prepare(
        `SELECT point, device, max(received_at) AS received, max(time) AS time
         FROM reads WHERE event_id = ? AND device IS NOT NULL AND device NOT LIKE 'manual:%' GROUP BY point, device`,
      )
      .all(eventId) as { point: string; device: string; received: number; time: number }[];
    const stats = new Map<string, PointReadStats>();
    const of = (point: string) => {
      let s = stats.get(point);
      if (!s) stats.set(point, (s = { point, lastMinute: 0, lastFiveMinutes: 0, lastReceivedAt: null, lastReadTime: null, devices: [] }));
      return s;
    };
    for (const r of recent) Object.assign(of(r.point), { lastMinute: r.one, lastFiveMinutes: r.five });
    for (const r of byDevice) {
      const s = of(r.point);
      s.devices.push({ id: r.device, lastReceivedAt: r.received });
      s.lastReceivedAt = Math.max(s.lastReceivedAt ?? 0, r.received);
      s.lastReadTime = Math.max(s.lastReadTime ?? 0, r.time);
    }
    return [...stats.values()];
  }
}
