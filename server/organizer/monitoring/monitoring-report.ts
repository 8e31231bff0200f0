// One monitoring report of an event at a given time, from the engine's runners, the read
// statistics and the devices. Pure: everything, the clock included, comes in as arguments. In two
// steps: the basis (every runner's expected arrival, the flags, the segments), the costly part
// that no option changes, then a report per set of options from it, which costs little.
import type { Entrant, EventSetup } from '../../../shared/domain';
import { REPORT_LIST_LIMIT, type FlaggedRunner, type MonitoringOptions, type MonitoringReport, type SegmentCount } from '../../../shared/organizer';
import type { RunnerDetail } from '../../../shared/views';
import type { PointReadStats } from '../../storage/read-stats';
import { flaggedRunner } from './course-cutting';
import { monitoredRunners, type MonitoredRunner } from './expected-arrival';
import { matStatuses, type DeviceContact } from './mat-status';
import { overdueAmong, overdueCandidates } from './overdue';
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

/** What every report of the event at `now` shares, whatever its options. */
export interface MonitoringBasis {
  setup: EventSetup;
  now: number;
  stats: readonly PointReadStats[];
  devices: readonly DeviceContact[];
  unmatchedReads: number;
  setAsideReads: MonitoringReport['setAsideReads'];
  /** Every started runner with an expected arrival at their next mat. */
  monitored: readonly MonitoredRunner[];
  /** Those who may become overdue, in the order they do. */
  candidates: ReturnType<typeof overdueCandidates>;
  /** Sorted: unreviewed possible cuts first. */
  flagged: readonly FlaggedRunner[];
  segments: readonly SegmentCount[];
}

export function monitoringBasis(input: Omit<MonitoringInput, 'options'>): MonitoringBasis {
  // Every started runner with an expected arrival at their next mat, from the first mat on. The
  // entrants are indexed only when a runner needs their seed time or wave.
  let entrants: Map<string, Entrant> | null = null;
  const entrantOf = (bib: string) => (entrants ??= new Map(input.setup.entrants.map((e) => [e.bib, e]))).get(bib);
  const monitored = input.setup.races.flatMap((race) => monitoredRunners(race, input.runners.get(race.id) ?? [], entrantOf, input.now));
  const flagged = input.setup.races.flatMap((race) =>
    (input.runners.get(race.id) ?? []).flatMap((r) => flaggedRunner(race, r, input.reviews.get(r.bib)) ?? []),
  );
  flagged.sort((a, b) => Number(a.reviewed) - Number(b.reviewed) || Number(b.possibleCut) - Number(a.possibleCut) || a.bib.localeCompare(b.bib));
  return {
    setup: input.setup,
    now: input.now,
    stats: input.stats,
    devices: input.devices,
    unmatchedReads: input.unmatchedReads,
    setAsideReads: input.setAsideReads ?? { total: 0, recent: [] },
    monitored,
    candidates: overdueCandidates(monitored),
    flagged,
    segments: input.setup.races.flatMap((race) => runnersBetweenMats(race, input.runners.get(race.id) ?? [])),
  };
}

/** The report for one set of options, from the basis. */
export function reportFrom(basis: MonitoringBasis, options: MonitoringOptions): MonitoringReport {
  const { now } = basis;
  const overdue = overdueAmong(basis.candidates, now, options.overdueToleranceSeconds * 1000, REPORT_LIST_LIMIT);
  return {
    eventId: basis.setup.id,
    at: now,
    options,
    mats: matStatuses({ setup: basis.setup, runners: basis.monitored, stats: basis.stats, devices: basis.devices, now, silenceMs: options.silenceSeconds * 1000, minRunners: options.silentMinRunners }),
    overdue: overdue.runners,
    overdueTotal: overdue.total,
    flagged: basis.flagged.slice(0, REPORT_LIST_LIMIT),
    flaggedTotal: basis.flagged.length,
    segments: [...basis.segments],
    unmatchedReads: basis.unmatchedReads,
    setAsideReads: basis.setAsideReads,
  };
}

export function monitoringReport(input: MonitoringInput): MonitoringReport {
  return reportFrom(monitoringBasis(input), input.options);
}
