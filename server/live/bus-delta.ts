// Race deltas on the bus without the splits the receiver already has. Every instance holds the
// race as of the delta before (a delta applies only on the next seq of its race; anything else
// makes the instance load the race again), so a runner's splits are sent from the first one that
// changed since that copy. The primary's copy shares unchanged split objects with the engine's new
// detail, so the kept ones are found by identity.
import type { BusDelta } from '../../shared/bus-messages';
import type { RaceDelta, RunnerDetail } from '../../shared/views';

/** Each runner's copy in the delta's race, as the receiver holds it before the delta. */
export type CopyInRace = (bib: string) => RunnerDetail | undefined;

export function compactDelta(delta: RaceDelta, before: CopyInRace): BusDelta {
  const runners = delta.runners.map((runner) => {
    const kept = keptSplits(before(runner.bib), runner);
    return kept === 0 ? runner : { ...runner, splits: runner.splits.slice(kept), splitsKept: kept };
  });
  return { ...delta, runners };
}

/** The delta with every runner's whole splits again; null when a copy it builds on is not here (load the race again). */
export function expandDelta(delta: BusDelta, before: CopyInRace): RaceDelta | null {
  const runners: RunnerDetail[] = [];
  for (const { splitsKept, ...runner } of delta.runners) {
    if (splitsKept === undefined || splitsKept === 0) {
      runners.push(runner);
      continue;
    }
    const copy = before(runner.bib);
    if (!copy || copy.splits.length < splitsKept) return null;
    runners.push({ ...runner, splits: [...copy.splits.slice(0, splitsKept), ...runner.splits] });
  }
  return { ...delta, runners };
}

function keptSplits(copy: RunnerDetail | undefined, runner: RunnerDetail): number {
  if (!copy) return 0;
  const max = Math.min(copy.splits.length, runner.splits.length);
  let k = 0;
  while (k < max && copy.splits[k] === runner.splits[k]) k++;
  return k;
}
