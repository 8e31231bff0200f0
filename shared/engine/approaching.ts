// Who reaches a timing point next: the announcer's list and the big screen's "approaching the
// finish" panel. Pure: the clock is a parameter. A row carries the engine's projection at two
// points (the next mat and the finish, made with the runner's splits and the field's fade, which a
// client does not have); the shared projector runs through those points, so an ETA here is the
// engine's own at the next mat and the finish, and lies on its line in between.
import type { Race } from '../domain';
import type { RunnerRow } from '../views';
import { nextTimingPoint } from './derive-runner';
import { projectorFor, type ProjectionPoint } from './projection';

/** The finish of the race, or one timing point (for a loop race's lap mat: the runner's next lap). */
export type ApproachTarget = 'finish' | { point: string };

export interface Approach<T extends RunnerRow = RunnerRow> {
  runner: T;
  /** Projected epoch ms at the target. */
  eta: number;
  /** Metres still to run to the target. */
  toGo: number;
  /** 80 % range of the ETA [early, late] epoch ms, from the engine's ranges; null without them. */
  range: [number, number] | null;
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

/**
 * The engine's projection of a row as points: the last mat, then the next mat and the finish when
 * published; `end` 0 or 1 takes the early or the late end of their ranges instead.
 */
export function projectionPoints(race: Race, row: RunnerRow, end?: 0 | 1): ProjectionPoint[] {
  if (row.startTime === null || row.lastNet === null) return [];
  const points: ProjectionPoint[] = [{ distance: row.lastDistance, net: row.lastNet }];
  const add = (distance: number, net: number) => {
    const last = points[points.length - 1];
    if (distance > last.distance && net > last.net) points.push({ distance, net });
  };
  const next = nextTimingPoint(race, row.lastDistance, row.laps ?? 0);
  const eta = end === undefined ? row.nextEta : row.nextEtaRange ? row.nextEtaRange[end] : null;
  const finish = end === undefined ? row.projectedNet : row.projectedRange ? row.projectedRange[end] : null;
  if (next && eta !== null) add(next.distance, eta - row.startTime);
  if (finish !== null) add(race.distance, finish);
  return points;
}

/** Projected arrival of one runner at the target, or null when they are not on their way to it. */
export function approachOf<T extends RunnerRow>(race: Race, target: ApproachTarget, row: T): Approach<T> | null {
  if (row.status !== 'onCourse' || row.startTime === null || row.lastNet === null) return null;
  const distance = targetDistance(race, target, row);
  if (distance === null) return null;
  return approachAtDistance(race, row, distance);
}

/** Projected arrival of an on-course runner at a race distance ahead of them (a mat, the finish, a spectator's spot). */
export function approachAtDistance<T extends RunnerRow>(race: Race, row: T, distance: number): Approach<T> | null {
  if (row.startTime === null || row.lastNet === null || distance <= row.lastDistance) return null;
  const projector = projectorFor(projectionPoints(race, row));
  if (!projector) return null;
  const eta = Math.round(row.startTime + projector.netAt(distance));
  const early = row.nextEtaRange || row.projectedRange ? projectorFor(projectionPoints(race, row, 0)) : null;
  const late = early ? projectorFor(projectionPoints(race, row, 1)) : null;
  const range: [number, number] | null =
    early && late ? [Math.min(eta, Math.round(row.startTime + early.netAt(distance))), Math.max(eta, Math.round(row.startTime + late.netAt(distance)))] : null;
  return { runner: row, eta, toGo: distance - row.lastDistance, range };
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
