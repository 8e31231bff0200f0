// Missing splits and possible course cutting: mats a runner passed by without a read. Two or more
// missed in a row, an impossible pace, or one segment implausibly fast for the runner's own pace
// is a possible cut; the result stays provisional until an organizer reviews it. Pure.
import type { Race } from '../../../shared/domain';
import type { FlaggedRunner } from '../../../shared/organizer';
import type { RunnerDetail } from '../../../shared/views';

/** A race's mats after the start, by distance; computed once per set-up (races are replaced, never edited). */
const orderCache = new WeakMap<Race, Race['timingPoints']>();
function matsInOrder(race: Race): Race['timingPoints'] {
  let ordered = orderCache.get(race);
  if (!ordered) orderCache.set(race, (ordered = race.timingPoints.filter((p) => p.kind !== 'start').sort((a, b) => a.distance - b.distance)));
  return ordered;
}

/** Timing points before the runner's furthest one that have no split (point-to-point races). */
export function missingPoints(race: Race, runner: RunnerDetail): string[][] {
  if (race.kind !== 'point-to-point') return [];
  // The common case: a split at every mat up to the furthest one. Counting is enough.
  const ordered = matsInOrder(race);
  let before = 0;
  while (before < ordered.length && ordered[before].distance < runner.lastDistance) before++;
  if (runner.splits.filter((s) => s.distance < runner.lastDistance).length === before) return [];
  const passed = new Set(runner.splits.map((s) => s.point));
  const runs: string[][] = [];
  let run: string[] = [];
  for (const point of ordered) {
    if (point.distance >= runner.lastDistance) break;
    if (passed.has(point.id)) {
      if (run.length) runs.push(run);
      run = [];
    } else run.push(point.id);
  }
  if (run.length) runs.push(run);
  return runs;
}

/**
 * The engine's flags for a segment the runner cannot have run: faster than the division's record,
 * or far faster than their own pace so far.
 */
const PACE_FLAG = /impossible pace|implausibly fast/i;

/** Flags a review accepts: the engine's own and the missed-mat ones made here. */
export function reviewableFlags(race: Race, runner: RunnerDetail, runs = missingPoints(race, runner)): string[] {
  const flags = [...runner.flags];
  for (const run of runs) {
    flags.push(run.length >= 2 ? `missed ${run.length} mats in a row: ${run.join(', ')}` : `no read at ${run[0]}`);
  }
  return flags.sort();
}

export function flaggedRunner(race: Race, runner: RunnerDetail, reviewed: readonly string[] | undefined): FlaggedRunner | null {
  const runs = missingPoints(race, runner);
  if (runner.flags.length === 0 && runs.length === 0) return null;
  const flags = reviewableFlags(race, runner, runs);
  const reviewedSet = new Set(reviewed ?? []);
  return {
    bib: runner.bib,
    name: runner.name,
    raceId: runner.raceId,
    flags,
    missing: runs.flat(),
    possibleCut: runs.some((r) => r.length >= 2) || runner.flags.some((f) => PACE_FLAG.test(f)),
    reviewed: flags.every((f) => reviewedSet.has(f)),
  };
}

/** A result is provisional while its runner has flags nobody reviewed. */
export function isProvisional(race: Race, runner: RunnerDetail, reviewed: readonly string[] | undefined): boolean {
  const flagged = flaggedRunner(race, runner, reviewed);
  return flagged !== null && !flagged.reviewed;
}
