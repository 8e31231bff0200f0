// The timeline's stages in typed columns that grow as the race does: one stage per moment a
// runner's result changed (a scored read, a set-up change), holding what the order, the counters
// and the projection need. A patched runner gets new stages; the old ones are simply no longer
// pointed at (a few per late read), which costs less than moving millions of values.
import type { RunnerDetail, RunnerStatus } from '../views';
import { STATUS_CODES, statusOfCode } from '../board/statuses';

/** No value in an Int32 column. */
export const NONE = -2147483648;

/** Bit set in a status code once the runner has a start time. */
export const STARTED = 8;

const toInt = (v: number | null) => (v === null ? NONE : Math.round(v));
export const fromInt = (v: number) => (v === NONE ? null : v);

const COLUMNS = {
  time: Float64Array,
  status: Uint8Array,
  lastDistance: Float64Array,
  lastNet: Int32Array,
  lastGun: Int32Array,
  netTime: Int32Array,
  gunTime: Int32Array,
  projectedNet: Int32Array,
  /** Epoch ms; NaN for none. */
  nextEta: Float64Array,
  /** The 80 % range of the projected finish (NONE for none) and of the ETA (NaN for none). */
  projectedLow: Int32Array,
  projectedHigh: Int32Array,
  etaLow: Float64Array,
  etaHigh: Float64Array,
} as const;

export type StageColumns = { [K in keyof typeof COLUMNS]: InstanceType<(typeof COLUMNS)[K]> };

export class Stages {
  cols: StageColumns;
  length: number;

  /** `cols`: columns made elsewhere (another thread), all `length` long. */
  constructor(cols?: StageColumns) {
    this.cols = cols ?? (Object.fromEntries(Object.entries(COLUMNS).map(([k, T]) => [k, new T(1024)])) as unknown as StageColumns);
    this.length = cols ? cols.time.length : 0;
  }

  /** A new stage at `time` holding the runner's result then. */
  push(time: number, d: RunnerDetail): number {
    if (this.length === this.cols.time.length) this.grow();
    const k = this.length++;
    const c = this.cols;
    c.time[k] = time;
    c.status[k] = STATUS_CODES[d.status] | (d.startTime !== null ? STARTED : 0);
    c.lastDistance[k] = d.lastDistance;
    c.lastNet[k] = toInt(d.lastNet);
    c.lastGun[k] = toInt(d.lastGun);
    c.netTime[k] = toInt(d.netTime);
    c.gunTime[k] = toInt(d.gunTime);
    this.setProjection(k, d);
    return k;
  }

  /** Stage k of `other` appended here (laying a timeline out runner after runner). */
  copy(other: Stages, k: number): number {
    if (this.length === this.cols.time.length) this.grow();
    const j = this.length++;
    for (const key of Object.keys(COLUMNS) as (keyof StageColumns)[]) this.cols[key][j] = other.cols[key][k];
    return j;
  }

  /** Stage k's projection replaced by the one in `d`. */
  setProjection(k: number, d: RunnerDetail): void {
    const c = this.cols;
    c.projectedNet[k] = toInt(d.projectedNet);
    c.nextEta[k] = d.nextEta ?? NaN;
    c.projectedLow[k] = toInt(d.projectedRange?.[0] ?? null);
    c.projectedHigh[k] = toInt(d.projectedRange?.[1] ?? null);
    c.etaLow[k] = d.nextEtaRange?.[0] ?? NaN;
    c.etaHigh[k] = d.nextEtaRange?.[1] ?? NaN;
  }

  status(k: number): RunnerStatus {
    return statusOfCode(this.cols.status[k] & 7);
  }

  started(k: number): boolean {
    return (this.cols.status[k] & STARTED) !== 0;
  }

  /** The projection recorded at stage k, over a detail derived again from the reads. */
  projectInto(k: number, detail: RunnerDetail): RunnerDetail {
    const c = this.cols;
    detail.projectedNet = fromInt(c.projectedNet[k]);
    detail.nextEta = Number.isNaN(c.nextEta[k]) ? null : c.nextEta[k];
    detail.projectedRange = c.projectedLow[k] === NONE ? null : [c.projectedLow[k], c.projectedHigh[k]];
    detail.nextEtaRange = Number.isNaN(c.etaLow[k]) ? null : [c.etaLow[k], c.etaHigh[k]];
    return detail;
  }

  /** The columns cut to their length, to hand to another thread. */
  trimmed(): StageColumns {
    return Object.fromEntries(Object.entries(this.cols).map(([k, a]) => [k, (a as Float64Array).slice(0, this.length)])) as unknown as StageColumns;
  }

  get bytes(): number {
    return Object.values(this.cols).reduce((sum, a) => sum + (a as Float64Array).byteLength, 0);
  }

  private grow(): void {
    const size = Math.max(1024, this.cols.time.length * 2);
    for (const key of Object.keys(COLUMNS) as (keyof StageColumns)[]) {
      const old = this.cols[key];
      const next = new (COLUMNS[key] as Float64ArrayConstructor)(size);
      next.set(old as Float64Array);
      (this.cols as Record<string, unknown>)[key] = next;
    }
  }
}
