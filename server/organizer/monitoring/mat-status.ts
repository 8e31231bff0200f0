// The state of every mat: reads over recent windows, last read, devices' last contact, and the
// silent-mat alert (no read for a while although runners are due there). Pure.
import type { EventSetup } from '../../../shared/domain';
import type { MatStatus } from '../../../shared/organizer';
import type { RunnerDetail } from '../../../shared/views';
import type { PointReadStats } from '../../storage/read-stats';

export interface DeviceContact {
  id: string;
  name: string;
  lastSeenAt: number | null;
}

export function matStatuses(input: {
  setup: EventSetup;
  runners: Iterable<RunnerDetail>;
  stats: readonly PointReadStats[];
  devices: readonly DeviceContact[];
  now: number;
  silenceMs: number;
  /** Runners due at a quiet mat before it is called silent. */
  minRunners: number;
}): MatStatus[] {
  const { setup, now, silenceMs } = input;
  const statsByPoint = new Map(input.stats.map((s) => [s.point, s]));
  const deviceById = new Map(input.devices.map((d) => [d.id, d]));
  // Runners due at a mat: their projected arrival there has passed, after the mat's last read.
  // Stragglers who stopped long after the field went by do not count: the mat read others since.
  const expected = new Map<string, number>();
  for (const r of input.runners) {
    if (r.status !== 'onCourse' || r.nextPoint === null || r.nextEta === null || r.nextEta > now) continue;
    const last = statsByPoint.get(r.nextPoint)?.lastReceivedAt ?? null;
    if (last === null || r.nextEta > last) expected.set(r.nextPoint, (expected.get(r.nextPoint) ?? 0) + 1);
  }
  const mats = new Map<string, MatStatus>();
  for (const race of setup.races) {
    for (const point of race.timingPoints) {
      const existing = mats.get(point.id);
      if (existing) {
        existing.raceIds.push(race.id);
        continue;
      }
      const stats = statsByPoint.get(point.id);
      const expectedNow = expected.get(point.id) ?? 0;
      const quietSince = stats?.lastReceivedAt ?? null;
      mats.set(point.id, {
        raceIds: [race.id],
        point: point.id,
        name: point.name,
        readsLastMinute: stats?.lastMinute ?? 0,
        readsLastFiveMinutes: stats?.lastFiveMinutes ?? 0,
        lastReceivedAt: stats?.lastReceivedAt ?? null,
        lastReadTime: stats?.lastReadTime ?? null,
        devices: (stats?.devices ?? []).map((d) => ({ id: d.id, name: deviceById.get(d.id)?.name ?? d.id, lastContactAt: deviceById.get(d.id)?.lastSeenAt ?? d.lastReceivedAt })),
        expectedNow,
        silent: expectedNow >= input.minRunners && (quietSince === null || now - quietSince >= silenceMs),
      });
    }
  }
  return [...mats.values()];
}
