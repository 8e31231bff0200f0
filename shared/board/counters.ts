// A race's counters, counted one runner at a time by the engine, the timeline and any look back.
import type { RaceCounters } from '../views';
import type { RunnerStatus } from './statuses';

export const emptyCounters = (): RaceCounters => ({ registered: 0, started: 0, onCourse: 0, finished: 0, dnf: 0, dns: 0, dq: 0 });

/** Count one runner in (`sign` 1) or out (-1); `hasStart` when their own start time is known. */
export function tally(c: RaceCounters, status: RunnerStatus, hasStart: boolean, sign: 1 | -1 = 1): RaceCounters {
  c.registered += sign;
  if (hasStart || status === 'onCourse' || status === 'finished') c.started += sign;
  if (status !== 'registered') c[status] += sign;
  return c;
}

export function countRows(rows: Iterable<{ status: RunnerStatus; startTime: number | null }>): RaceCounters {
  const c = emptyCounters();
  for (const r of rows) tally(c, r.status, r.startTime !== null);
  return c;
}
