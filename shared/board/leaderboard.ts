// Sort, place, filter and page a race's rows: the one leaderboard every path answers with.
import type { LeaderboardEntry, RunnerRow } from '../views';
import { filterRows, type LeaderboardFilter } from './filters';
import { assignPlaces, compareRows, type Ranking } from './order';

export interface Page<T> {
  total: number;
  entries: T[];
}

/** Rows offset .. offset + limit of an ordering, with the ordering's length. */
export function pageOf<T>(rows: readonly T[], offset = 0, limit = Infinity): Page<T> {
  return { total: rows.length, entries: rows.slice(offset, offset + limit) };
}

/** Places count every runner of the race; the filter then picks the rows asked for. */
export function filteredPage<T extends RunnerRow>(placed: T[], filter: LeaderboardFilter = {}, offset = 0, limit = Infinity): Page<T> {
  return pageOf(filterRows(placed, filter), offset, limit);
}

export function leaderboard(
  rows: Iterable<RunnerRow>,
  options: { ranking?: Ranking; filter?: LeaderboardFilter; offset?: number; limit?: number } = {},
): Page<LeaderboardEntry> {
  const ranking = options.ranking ?? 'net';
  const sorted = [...rows].sort((a, b) => compareRows(a, b, ranking));
  return filteredPage(assignPlaces(sorted, ranking), options.filter, options.offset, options.limit);
}
