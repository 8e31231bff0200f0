// Race order and places, written once over an accessor: the engine and the mirror read rows, the
// timeline reads its typed columns through an adapter (no object per runner per question).
import type { Places, RunnerRow } from '../views';
import { STATUS_CODES, type RunnerStatus } from './statuses';

export type Ranking = 'net' | 'gun';

/** What the order and the places read of runner `k`; times in ms, null when not known. */
export interface BoardAccessor<K> {
  status(k: K): RunnerStatus;
  /** Finish times. */
  netTime(k: K): number | null;
  gunTime(k: K): number | null;
  /** Metres at the furthest mat, and the times there. */
  lastDistance(k: K): number;
  lastNet(k: K): number | null;
  lastGun(k: K): number | null;
  gender(k: K): string;
  ageGroup(k: K): string | null;
}

/** Whole seconds: places are decided on the second; equal seconds are a tie. */
const toSecond = (ms: number | null) => (ms === null ? Infinity : Math.floor(ms / 1000));

/**
 * Finishers first by finish time; then runners on course, furthest first, then who got there first;
 * then those not started, DNF, DQ, DNS. 0 when only the bib can tell them apart.
 */
export function compareRunners<K>(acc: BoardAccessor<K>, a: K, b: K, ranking: Ranking): number {
  const status = acc.status(a);
  const sa = STATUS_CODES[status];
  const sb = STATUS_CODES[acc.status(b)];
  if (sa !== sb) return sa - sb;
  if (status === 'finished') {
    const d = ranking === 'gun' ? toSecond(acc.gunTime(a)) - toSecond(acc.gunTime(b)) : toSecond(acc.netTime(a)) - toSecond(acc.netTime(b));
    if (d !== 0) return d;
    const na = acc.netTime(a);
    const nb = acc.netTime(b);
    if (ranking === 'gun' && na !== null && nb !== null && na !== nb) return na - nb;
  } else if (status === 'onCourse') {
    const da = acc.lastDistance(a);
    const db = acc.lastDistance(b);
    if (da !== db) return db - da;
    const ta = ranking === 'gun' ? acc.lastGun(a) : acc.lastNet(a);
    const tb = ranking === 'gun' ? acc.lastGun(b) : acc.lastNet(b);
    const d = (ta ?? Infinity) - (tb ?? Infinity);
    if (d !== 0 && Number.isFinite(d)) return d;
  }
  return 0;
}

export function compareBibs(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Places for runners taken in race order, one at a time: finishers in the same whole second share a place. */
export class Placer<K> {
  private counts = new Map<string, number>();
  private last = new Map<string, { k: K; place: number }>();

  constructor(
    private acc: BoardAccessor<K>,
    private ranking: Ranking,
  ) {}

  /** Runner `k`'s places, or null for a runner without one (not started, DNF, DQ, DNS). */
  next(k: K): Places | null {
    const status = this.acc.status(k);
    if (status !== 'finished' && status !== 'onCourse') return null;
    const gender = this.acc.gender(k);
    const group = this.acc.ageGroup(k);
    return {
      overall: this.place('*', k),
      gender: this.place(`g:${gender}`, k),
      ageGroup: group === null ? null : this.place(`a:${gender}:${group}`, k),
    };
  }

  private place(key: string, k: K): number {
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    const last = this.last.get(key);
    const tied = last !== undefined && this.finished(k) && this.finished(last.k) && this.rankTime(last.k) === this.rankTime(k);
    const place = tied ? last.place : n;
    this.last.set(key, { k, place });
    return place;
  }

  private finished(k: K): boolean {
    return this.acc.status(k) === 'finished';
  }

  private rankTime(k: K): number {
    return toSecond(this.ranking === 'gun' ? this.acc.gunTime(k) : this.acc.netTime(k));
  }
}

/** The accessor over leaderboard rows. */
export const ROW_ACCESSOR: BoardAccessor<RunnerRow> = {
  status: (r) => r.status,
  netTime: (r) => r.netTime,
  gunTime: (r) => r.gunTime,
  lastDistance: (r) => r.lastDistance,
  lastNet: (r) => r.lastNet,
  lastGun: (r) => r.lastGun,
  gender: (r) => r.gender,
  ageGroup: (r) => r.ageGroup,
};

/** Rows in race order; the bib breaks ties so the order is total. */
export function compareRows(a: RunnerRow, b: RunnerRow, ranking: Ranking = 'net'): number {
  return compareRunners(ROW_ACCESSOR, a, b, ranking) || compareBibs(a.bib, b.bib);
}

/** Places for rows already in race order. */
export function assignPlaces<T extends RunnerRow>(sorted: T[], ranking: Ranking = 'net'): (T & { places: Places | null })[] {
  const placer = new Placer(ROW_ACCESSOR, ranking);
  return sorted.map((row) => ({ ...row, places: placer.next(row) }));
}
