// Who reaches a timing point next: the announcer's list and the big screen's "approaching the
// finish" panel. Pure: the clock is a parameter. The ETA comes from the one projection the engine
// uses for the projected finish and the next-mat ETA, so the three never disagree.
import type { Race } from '../domain';
import type { RunnerRow } from '../views';
import { projectorFor } from './projection';

/** The finish of the race, or one timing point (for a loop race's lap mat: the runner's next lap). */
export type ApproachTarget = 'finish' | { point: string };

export interface Approach<T extends RunnerRow = RunnerRow> {
  runner: T;
  /** Projected epoch ms at the target. */
  eta: number;
  /** Metres still to run to the target. */
  toGo: number;
}

export interface ApproachOptions {
  /** Epoch ms now. */
  now: number;
  /** Only runners projected within this many ms from now. */
  horizonMs: number;
  /** Runners already this long past their ETA are kept (slower than projected, not yet read). */
  overdueMs?: number;
  limit?: number;
}

/** Metres from the start at which this runner next reaches the target; null when it is behind them or unknown. */
export function targetDistance(race: Race, target: ApproachTarget, row: Pick<RunnerRow, 'lastDistance' | 'laps'>): number | null {
  if (target === 'finish') return row.lastDistance < race.distance ? race.distance : null;
  const point = race.timingPoints.find((p) => p.id === target.point);
  if (!point || point.kind === 'start') return null;
  if (race.kind === 'loop' && race.loop && point.id === race.loop.lapPoint) {
    const lapsDone = row.laps ?? Math.floor(row.lastDistance / race.loop.length);
    return lapsDone < race.loop.laps ? (lapsDone + 1) * race.loop.length : null;
  }
  return point.distance > row.lastDistance ? point.distance : null;
}

/** Projected arrival of one runner at the target, or null when they are not on their way to it. */
export function approachOf<T extends RunnerRow>(race: Race, target: ApproachTarget, row: T): Approach<T> | null {
  if (row.status !== 'onCourse' || row.startTime === null || row.lastNet === null) return null;
  const distance = targetDistance(race, target, row);
  if (distance === null) return null;
  const projector = projectorFor([{ distance: row.lastDistance, net: row.lastNet }]);
  if (!projector) return null;
  return { runner: row, eta: Math.round(row.startTime + projector.netAt(distance)), toGo: distance - row.lastDistance };
}

/** Runners projected at the target between `now - overdueMs` and `now + horizonMs`, soonest first. */
export function approaching<T extends RunnerRow>(race: Race, target: ApproachTarget, rows: Iterable<T>, options: ApproachOptions): Approach<T>[] {
  const from = options.now - (options.overdueMs ?? 0);
  const to = options.now + options.horizonMs;
  const found: Approach<T>[] = [];
  for (const row of rows) {
    const a = approachOf(race, target, row);
    if (a && a.eta >= from && a.eta <= to) found.push(a);
  }
  found.sort((a, b) => a.eta - b.eta || a.toGo - b.toGo || (a.runner.bib < b.runner.bib ? -1 : a.runner.bib > b.runner.bib ? 1 : 0));
  return options.limit === undefined ? found : found.slice(0, options.limit);
}
