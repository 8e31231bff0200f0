// One monitoring report of an event at a given time, from the engine's runners, the read
// statistics and the devices. Pure: everything, the clock included, comes in as arguments.
import type { Entrant, EventSetup } from '../../../shared/domain';
import { REPORT_LIST_LIMIT, type MonitoringOptions, type MonitoringReport } from '../../../shared/organizer';
import type { RunnerDetail } from '../../../shared/views';
import type { PointReadStats } from '../../storage/read-stats';
import { flaggedRunner } from './course-cutting';
import { monitoredRunners } from './expected-arrival';
import { matStatuses, type DeviceContact } from './mat-status';
import { overdueRunners } from './overdue';
import { runnersBetweenMats } from './segments';

export interface MonitoringInput {
  setup: EventSetup;
  /** Runners per race id. */
  runners: ReadonlyMap<string, readonly RunnerDetail[]>;
  stats: readonly PointReadStats[];
  devices: readonly DeviceContact[];
  reviews: ReadonlyMap<string, readonly string[]>;
  unmatchedReads: number;
  /** None when left out. */
  setAsideReads?: MonitoringReport['setAsideReads'];
  now: number;
  options: MonitoringOptions;
}

export function monitoringReport(input: MonitoringInput): MonitoringReport {
  // Every started runner with an expected arrival at their next mat, from the first mat on. The
  // entrants are indexed only when a runner needs their seed time or wave.
  let entrants: Map<string, Entrant> | null = null;
  const entrantOf = (bib: string) => (entrants ??= new Map(input.setup.entrants.map((e) => [e.bib, e]))).get(bib);
  const all = input.setup.races.flatMap((race) => monitoredRunners(race, input.runners.get(race.id) ?? [], entrantOf, input.now));
  const flagged = input.setup.races.flatMap((race) =>
    (input.runners.get(race.id) ?? []).flatMap((r) => flaggedRunner(race, r, input.reviews.get(r.bib)) ?? []),
  );
  const overdue = overdueRunners(all, input.now, input.options.overdueToleranceSeconds * 1000);
  flagged.sort((a, b) => Number(a.reviewed) - Number(b.reviewed) || Number(b.possibleCut) - Number(a.possibleCut) || a.bib.localeCompare(b.bib));
  return {
    eventId: input.setup.id,
    at: input.now,
    options: input.options,
    mats: matStatuses({ setup: input.setup, runners: all, stats: input.stats, devices: input.devices, now: input.now, silenceMs: input.options.silenceSeconds * 1000, minRunners: input.options.silentMinRunners }),
    overdue: overdue.slice(0, REPORT_LIST_LIMIT),
    overdueTotal: overdue.length,
    flagged: flagged.slice(0, REPORT_LIST_LIMIT),
    flaggedTotal: flagged.length,
    segments: input.setup.races.flatMap((race) => runnersBetweenMats(race, input.runners.get(race.id) ?? [])),
    unmatchedReads: input.unmatchedReads,
    setAsideReads: input.setAsideReads ?? { total: 0, recent: [] },
  };
}
