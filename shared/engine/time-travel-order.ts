// Race order and places over the timeline's typed columns: the same rules as shared/standings.ts
// (compareRows, assignPlaces), without making an object per runner for every question.
import type { Places, RunnerStatus } from '../views';
import type { Ranking } from '../standings';

export interface StageColumns {
  /** Status code in bits 0-2, bit 3 set once the runner has a start time. */
  status: Uint8Array;
  lastDistance: Float64Array;
  lastNet: Int32Array;
  lastGun: Int32Array;
  netTime: Int32Array;
  gunTime: Int32Array;
  projectedNet: Int32Array;
  /** Epoch ms; NaN for none. */
  nextEta: Float64Array;
  /** The 80 % range of the projected finish (NONE for none) and of the ETA (NaN for none). */
  projectedLow: Int32Array;
  projectedHigh: Int32Array;
  etaLow: Float64Array;
  etaHigh: Float64Array;
}

/** Codes in race-order class: finished first, DNS last (as STATUS_CLASS in shared/standings.ts). */
export const STATUS_CODES: Record<RunnerStatus, number> = { finished: 0, onCourse: 1, registered: 2, dnf: 3, dq: 4, dns: 5 };

const NONE = -2147483648;
const toSecond = (ms: number) => (ms === NONE ? Infinity : Math.floor(ms / 1000));

/** Stage a before b in race order; 0 when only the bib can tell them apart. */
export function compareStages(c: StageColumns, a: number, b: number, ranking: Ranking): number {
  const sa = c.status[a] & 7;
  const sb = c.status[b] & 7;
  if (sa !== sb) return sa - sb;
  if (sa === STATUS_CODES.finished) {
    const d = ranking === 'gun' ? toSecond(c.gunTime[a]) - toSecond(c.gunTime[b]) : toSecond(c.netTime[a]) - toSecond(c.netTime[b]);
    if (d !== 0) return d;
    if (ranking === 'gun' && c.netTime[a] !== NONE && c.netTime[b] !== NONE && c.netTime[a] !== c.netTime[b]) return c.netTime[a] - c.netTime[b];
  } else if (sa === STATUS_CODES.onCourse) {
    if (c.lastDistance[a] !== c.lastDistance[b]) return c.lastDistance[b] - c.lastDistance[a];
    const ta = ranking === 'gun' ? c.lastGun[a] : c.lastNet[a];
    const tb = ranking === 'gun' ? c.lastGun[b] : c.lastNet[b];
    const d = (ta === NONE ? Infinity : ta) - (tb === NONE ? Infinity : tb);
    if (d !== 0 && Number.isFinite(d)) return d;
  }
  return 0;
}

/**
 * Places for stages taken in race order, one at a time: finishers in the same whole second share a
 * place; runners on course are placed by position; the others get none.
 */
export class Placer {
  private counts = new Map<string, number>();
  private lastStage = new Map<string, number>();
  private lastPlace = new Map<string, number>();

  constructor(
    private c: StageColumns,
    private ranking: Ranking,
  ) {}

  next(k: number, genderKey: string, groupKey: string | null): Places | null {
    const code = this.c.status[k] & 7;
    if (code !== STATUS_CODES.finished && code !== STATUS_CODES.onCourse) return null;
    return { overall: this.place('*', k), gender: this.place(genderKey, k), ageGroup: groupKey === null ? null : this.place(groupKey, k) };
  }

  private place(key: string, k: number): number {
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    const last = this.lastStage.get(key);
    const tied = last !== undefined && this.finished(k) && this.finished(last) && this.rankTime(last) === this.rankTime(k);
    const place = tied ? this.lastPlace.get(key)! : n;
    this.lastStage.set(key, k);
    this.lastPlace.set(key, place);
    return place;
  }

  private finished(k: number): boolean {
    return (this.c.status[k] & 7) === STATUS_CODES.finished;
  }

  private rankTime(k: number): number {
    return toSecond(this.ranking === 'gun' ? this.c.gunTime[k] : this.c.netTime[k]);
  }
}
