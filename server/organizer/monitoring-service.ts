// Gathers what a monitoring report needs (the engine's runners, read statistics, devices,
// reviews) and hands it with the current time to the pure report function.
import type { MonitoringOptions, MonitoringReport } from '../../shared/organizer';
import type { RunnerDetail } from '../../shared/views';
import { NotFound } from '../domain/errors';
import { isProvisional } from './monitoring/course-cutting';
import type { DeviceContact } from './monitoring/mat-status';
import { monitoringBasis, reportFrom, type MonitoringBasis } from './monitoring/monitoring-report';
import type { OrganizerContext } from './organizer-context';

/** Set-aside reads a report names (the console links them; the count says how many there are). */
const SET_ASIDE_SHOWN = 5;

export function monitoringFor(ctx: OrganizerContext, eventId: string, options: MonitoringOptions): MonitoringReport {
  return reportFrom(monitoringBasisFor(ctx, eventId), options);
}

/** What every report of the event now shares, whatever its options (the costly part). */
export function monitoringBasisFor(ctx: OrganizerContext, eventId: string): MonitoringBasis {
  const setup = ctx.runtime.setup(eventId);
  if (!setup) throw new NotFound(`no event "${eventId}"`);
  const now = ctx.now();
  const runners = new Map<string, readonly RunnerDetail[]>(setup.races.map((r) => [r.id, ctx.runtime.standings(eventId, r.id)]));
  let unmatchedReads = 0;
  for (const reads of ctx.runtime.unmatchedReads(eventId).values()) unmatchedReads += reads.length;
  return monitoringBasis({
    setup,
    runners,
    stats: ctx.stats.byPoint(eventId, [...new Set(setup.races.flatMap((r) => r.timingPoints.map((p) => p.id)))], now),
    devices: devicesOf(ctx, eventId),
    reviews: ctx.reviews.all(eventId),
    unmatchedReads,
    setAsideReads: ctx.corrections.setAsideByServer(eventId, SET_ASIDE_SHOWN),
    now,
  });
}

/** The event's devices with their last contact and the points they are set up for. */
function devicesOf(ctx: OrganizerContext, eventId: string): DeviceContact[] {
  const setUp = ctx.timingDevices.pointsOfDevices(eventId);
  return ctx.devices.list(eventId).flatMap((d) =>
    d.revokedAt !== null ? [] : [{ id: d.id, name: d.name, lastSeenAt: d.lastSeenAt, points: setUp.get(d.id)?.points ?? [], backup: setUp.get(d.id)?.backup ?? false }],
  );
}

/** Whether a runner's result waits for an organizer's review. */
export function provisionalCheck(ctx: OrganizerContext, eventId: string): (bib: string) => boolean {
  const reviews = ctx.reviews.all(eventId);
  return (bib) => {
    const runner = ctx.runtime.runner(eventId, bib);
    const race = runner && ctx.runtime.race(eventId, runner.raceId);
    return runner !== undefined && race !== undefined && isProvisional(race, runner, reviews.get(bib));
  };
}
