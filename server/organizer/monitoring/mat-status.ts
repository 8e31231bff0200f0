// The state of every mat: reads over recent windows, last read, devices' last contact, and the
// silent-mat alerts (no read for a while although runners are due there), told apart by device
// contact: a device that stopped talking ("device offline") is another fault than a device that
// talks but reads nobody (a mat or antenna fault). Pure.
import type { EventSetup } from '../../../shared/domain';
import type { MatStatus } from '../../../shared/organizer';
import type { PointReadStats } from '../../storage/read-stats';
import type { MonitoredRunner } from './expected-arrival';

export interface DeviceContact {
  id: string;
  name: string;
  lastSeenAt: number | null;
  /** Timing points the device is mapped to (its set-up), besides those it has read at. */
  points?: readonly string[];
  backup?: boolean;
}

export function matStatuses(input: {
  setup: EventSetup;
  runners: Iterable<Pick<MonitoredRunner, 'status' | 'nextPoint' | 'nextEta'> & { etaSource?: MonitoredRunner['etaSource'] }>;
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
  // Silence is measured on the course's clock, by the mat's last passing, not by when its reads
  // arrived: a device that posts a late batch has still read nobody since its last passing.
  // Runners due at a mat: their expected arrival there has passed, after the mat's last passing.
  // Stragglers who stopped long after the field went by do not count: the mat read others since.
  // An arrival estimated without the runner's own splits (seed, the field's pace) is only as
  // good as the silence window, so it counts when it falls within that window before the last passing.
  const expected = new Map<string, number>();
  for (const r of input.runners) {
    if (r.status !== 'onCourse' || r.nextPoint === null || r.nextEta === null || r.nextEta > now) continue;
    const last = statsByPoint.get(r.nextPoint)?.lastReadTime ?? null;
    const slack = r.etaSource && r.etaSource !== 'splits' ? silenceMs : 0;
    if (last === null || r.nextEta + slack > last) expected.set(r.nextPoint, (expected.get(r.nextPoint) ?? 0) + 1);
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
      const quietSince = stats?.lastReadTime ?? null;
      // The mat's devices: those that read here, and those set up for this point.
      const ids = new Set((stats?.devices ?? []).map((d) => d.id));
      for (const d of input.devices) if (d.points?.includes(point.id)) ids.add(d.id);
      const devices = [...ids].map((id) => {
        const known = deviceById.get(id);
        const readAt = stats?.devices.find((d) => d.id === id)?.lastReceivedAt ?? null;
        return { id, name: known?.name ?? id, lastContactAt: known?.lastSeenAt ?? readAt, backup: known?.backup ?? false };
      });
      const silent = expectedNow >= input.minRunners && (quietSince === null || now - quietSince >= silenceMs);
      const online = devices.some((d) => d.lastContactAt !== null && now - d.lastContactAt < silenceMs);
      mats.set(point.id, {
        raceIds: [race.id],
        point: point.id,
        name: point.name,
        readsLastMinute: stats?.lastMinute ?? 0,
        readsLastFiveMinutes: stats?.lastFiveMinutes ?? 0,
        lastReceivedAt: stats?.lastReceivedAt ?? null,
        lastReadTime: stats?.lastReadTime ?? null,
        devices,
        expectedNow,
        silent,
        alert: !silent ? null : devices.length > 0 && !online ? 'device-offline' : 'no-reads',
      });
    }
  }
  return [...mats.values()];
}
