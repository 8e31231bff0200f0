// Order and places of a race. Shared so the server and every client rank runners the same way.
import type { LeaderboardEntry, Places, RunnerRow, RunnerStatus } from './views';

const STATUS_CLASS: Record<RunnerStatus, number> = {
  finished: 0,
  onCourse: 1,
  registered: 2,
  dnf: 3,
  dq: 4,
  dns: 5,
};

export type Ranking = 'net' | 'gun';

/** Whole seconds: places are decided on the second; equal seconds are a tie. */
const toSecond = (ms: number | null) => (ms === null ? Infinity : Math.floor(ms / 1000));

function compareBibs(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Finishers first by finish time; then runners on course, furthest first, then who got there first;
 * then those not started, DNF, DQ, DNS. Bib breaks ties so the order is total.
 */
export function compareRows(a: RunnerRow, b: RunnerRow, ranking: Ranking = 'net'): number {
  const sa = STATUS_CLASS[a.status];
  const sb = STATUS_CLASS[b.status];
  if (sa !== sb) return sa - sb;
  if (a.status === 'finished') {
    const d = ranking === 'gun' ? toSecond(a.gunTime) - toSecond(b.gunTime) : toSecond(a.netTime) - toSecond(b.netTime);
    if (d !== 0) return d;
    if (ranking === 'gun' && a.netTime !== null && b.netTime !== null && a.netTime !== b.netTime) return a.netTime - b.netTime;
  } else if (a.status === 'onCourse') {
    if (a.lastDistance !== b.lastDistance) return b.lastDistance - a.lastDistance;
    const ta = ranking === 'gun' ? a.lastGun : a.lastNet;
    const tb = ranking === 'gun' ? b.lastGun : b.lastNet;
    const d = (ta ?? Infinity) - (tb ?? Infinity);
    if (d !== 0 && Number.isFinite(d)) return d;
  }
  return compareBibs(a.bib, b.bib);
}

export function isRanked(row: RunnerRow): boolean {
  return row.status === 'finished' || row.status === 'onCourse';
}

function rankTime(row: RunnerRow, ranking: Ranking): number {
  return toSecond(ranking === 'gun' ? row.gunTime : row.netTime);
}

/**
 * Places for rows already in race order. Finishers with the same whole second share a place;
 * runners on course are placed by position on the course.
 */
export function assignPlaces<T extends RunnerRow>(sorted: T[], ranking: Ranking = 'net'): (T & { places: Places | null })[] {
  let overall = 0;
  const genderCount = new Map<string, number>();
  const groupCount = new Map<string, number>();
  // The last placed row per counter, to give a tie the same place.
  const lastOf = new Map<string, { row: RunnerRow; place: number }>();
  const next = (key: string, counter: Map<string, number>, row: RunnerRow): number => {
    const n = (counter.get(key) ?? 0) + 1;
    counter.set(key, n);
    const last = lastOf.get(key);
    const tied = last && row.status === 'finished' && last.row.status === 'finished' && rankTime(last.row, ranking) === rankTime(row, ranking);
    const place = tied ? last.place : n;
    lastOf.set(key, { row, place });
    return place;
  };
  return sorted.map((row) => {
    if (!isRanked(row)) return { ...row, places: null };
    overall += 1;
    const lastOverall = lastOf.get('*');
    const tied =
      lastOverall && row.status === 'finished' && lastOverall.row.status === 'finished' && rankTime(lastOverall.row, ranking) === rankTime(row, ranking);
    const overallPlace = tied ? lastOverall.place : overall;
    lastOf.set('*', { row, place: overallPlace });
    const places: Places = {
      overall: overallPlace,
      gender: next(`g:${row.gender}`, genderCount, row),
      ageGroup: row.ageGroup === null ? null : next(`a:${row.gender}:${row.ageGroup}`, groupCount, row),
    };
    return { ...row, places };
  });
}

export interface LeaderboardFilter {
  gender?: string;
  ageGroup?: string;
  country?: string;
}

export function matchesFilter(row: RunnerRow, filter: LeaderboardFilter): boolean {
  if (filter.gender && row.gender !== filter.gender) return false;
  if (filter.ageGroup && row.ageGroup !== filter.ageGroup) return false;
  if (filter.country && row.country !== filter.country) return false;
  return true;
}

/** Sort, place and filter a race's rows: the one leaderboard function used everywhere. */
export function leaderboard(
  rows: Iterable<RunnerRow>,
  options: { ranking?: Ranking; filter?: LeaderboardFilter; offset?: number; limit?: number } = {},
): { total: number; entries: LeaderboardEntry[] } {
  const ranking = options.ranking ?? 'net';
  const sorted = [...rows].sort((a, b) => compareRows(a, b, ranking));
  const placed = assignPlaces(sorted, ranking);
  const filter = options.filter ?? {};
  const filtered = placed.filter((r) => matchesFilter(r, filter));
  const offset = options.offset ?? 0;
  const limit = options.limit ?? filtered.length;
  return { total: filtered.length, entries: filtered.slice(offset, offset + limit) };
}

interface SplitLike {
  point: string;
  lap?: number;
  net: number | null;
  gun: number | null;
}

export const splitKey = (s: SplitLike) => `${s.point}#${s.lap ?? 0}`;

/**
 * The runner's place at each of their splits: one more than the runners of the field who reached
 * that mat (that lap) in less time. O(splits in the field), for a runner page, not per read.
 */
export function placesAtSplits(runner: { bib: string; splits: SplitLike[] }, field: Iterable<{ bib: string; splits: SplitLike[] }>, ranking: Ranking = 'net'): (number | null)[] {
  const time = (s: SplitLike) => (ranking === 'gun' ? s.gun : s.net);
  const mine = new Map(runner.splits.map((s, i) => [splitKey(s), i]));
  const ahead = runner.splits.map(() => 0);
  for (const other of field) {
    if (other.bib === runner.bib) continue;
    for (const s of other.splits) {
      const i = mine.get(splitKey(s));
      if (i === undefined) continue;
      const theirs = time(s);
      const ours = time(runner.splits[i]);
      if (theirs !== null && ours !== null && theirs < ours) ahead[i]++;
    }
  }
  return runner.splits.map((s, i) => (time(s) === null ? null : ahead[i] + 1));
}
