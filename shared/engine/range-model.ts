// How far off the published projections have been, learned live: for every runner the engine keeps
// the projection it made at each mat, and when the runner reaches a later mat it records how far
// off that projection was (log of actual over projected time still to run). The quantiles of those
// errors, by the mat projected from, the mat projected to and the runner's pace band, give each new
// projection its 80 % range and its median correction. Only runners already past a mat teach the
// model about it, so a range uses no read later than the projection. Pure: no clock, no I/O.
import type { Race } from '../domain';
import type { FadePrior } from './history-prior';
import { QuantileHistogram } from './quantile-histogram';
import { LEARNED, pairIndex, RunnerPathSlab, type SlabSnapshot } from './runner-path-slab';

export interface Estimate {
  /** Net ms at the target. */
  net: number;
  low: number;
  high: number;
}

/** Where a runner is and what the model projects for them, as the range model learns from it. */
export interface ProjectionPath {
  /** Last mat's distance and net ms. */
  from: number;
  fromNet: number;
  /** Net ms the model projects at a distance ahead. */
  netAt(distance: number): number;
}

export interface RangeSource {
  /** The projection `projected` at `target`, made at `from`, corrected and with its range. */
  estimate(runnerId: string, from: number, fromNet: number, target: number, projected: number): Estimate;
  /** For a runner read only at the start: the field's net time at `target`, with its range. */
  fromStart(target: number, group: string | null): Estimate | null;
}

/** Constants of the range model, chosen on Boston 2015 and checked on 2017 (see the README). */
export const RANGE_CONSTANTS = {
  /** The range leaves this share of runners below it and the same share above: 80 %. */
  tail: 0.1,
  /** Pace bands of the error model, ms per metre (s/km). */
  bandMsPerM: 20,
  /** A cell speaks once this many runners' errors are in it. */
  minRunners: 30,
  /** How many bands away to look for one with enough runners; further away the whole field speaks. */
  maxBandSteps: 2,
  /**
   * Where no runner of a similar pace has yet gone as far as the target, their errors towards the
   * furthest mat they have reached stand in, spread by (distance to the target / distance to that
   * mat) to these powers, below and above the median: late fades make the slow side grow faster.
   * Chosen on 2015 so that as many runners finish below the range as above it.
   */
  horizonExponent: [0.1, 1.0] as readonly number[],
  /** Before anyone has reached a second mat: log errors of a wide range (about −10 %, +20 %). */
  prior: [-0.1, 0, 0.18] as readonly number[],
  /** With a course history, the day's errors so far scale the earlier years' spread by at least and at most this. */
  historyScale: [0.5, 3] as readonly number[],
};

/** Stretches from a mat to a target are calibrated apart by length, metres: their errors grow with it. */
const HORIZON_EDGES_M = [5000, 10_000, 20_000];
const CALIBRATION_SPAN = [-10, 10] as const;
const CALIBRATION_BIN = 0.01;

function newCalibration(): QuantileHistogram {
  return new QuantileHistogram(CALIBRATION_SPAN[0], CALIBRATION_SPAN[1], CALIBRATION_BIN);
}

function horizonOf(metres: number): number {
  let h = 0;
  while (h < HORIZON_EDGES_M.length && metres >= HORIZON_EDGES_M[h]) h++;
  return h;
}

/** Log errors outside this span are counted at its edges. */
const ERROR_SPAN = [-1, 1.5] as const;
const ERROR_BIN = 0.004;
/** Log of net ms: from a minute to a day. */
const NET_SPAN = [11, 18.3] as const;
const NET_BIN = 0.01;
const ALL = 0xfff;

interface Cell {
  hist: QuantileHistogram;
  /** Low, median and high log error, read again once the count grew by 2 %. */
  cached: number[];
  cachedAt: number;
}


type SavedHistogram = ReturnType<QuantileHistogram['saved']>;

export interface RangeModelSnapshot {
  targets: readonly number[];
  cells: Map<number, { hist: SavedHistogram; cached: number[]; cachedAt: number }>;
  runners: SlabSnapshot;
  /** Per group, per target index: a histogram, or null where none was made. */
  starts: Map<string, (SavedHistogram | null)[]>;
  startsSeen: string[];
  /** The day's errors against the course history's spread, per stretch length. */
  calibration: SavedHistogram[];
}

export class RangeModel implements RangeSource {
  /** Mat distances after the start, ascending, the finish last. */
  readonly targets: number[];
  private readonly index = new Map<number, number>();
  private readonly size: number;
  private cells = new Map<number, Cell>();
  private runners: RunnerPathSlab;
  /** Per group (wave) and target: log of the first net projected there, to place start-only runners. */
  private starts = new Map<string, QuantileHistogram[]>();
  private startsSeen = new Set<string>();
  /** Earlier years on the course: how far off their projections were, where the day has not shown it yet. */
  private history: FadePrior | null = null;
  /** Per stretch length (HORIZON_EDGES): the day's errors as multiples of the earlier years' spread. */
  private calibration = HORIZON_EDGES_M.concat(Infinity).map(() => newCalibration());

  constructor(targets: readonly number[]) {
    this.targets = [...new Set(targets.filter((d) => d > 0))].sort((a, b) => a - b);
    this.targets.forEach((d, i) => this.index.set(d, i + 1));
    this.size = this.targets.length + 1;
    this.runners = new RunnerPathSlab(this.size);
  }

  /** The race's course history (through the field model), or none. */
  usePrior(history: FadePrior | null): void {
    this.history = history;
  }

  /** What it has learned and the projections it remembers, for an engine snapshot (plain data). */
  saved(): RangeModelSnapshot {
    return {
      targets: this.targets,
      cells: new Map([...this.cells].map(([k, c]) => [k, { hist: c.hist.saved(), cached: [...c.cached], cachedAt: c.cachedAt }])),
      runners: this.runners.saved(),
      starts: new Map([...this.starts].map(([g, hists]) => [g, Array.from(hists, (h) => h?.saved() ?? null)])),
      startsSeen: [...this.startsSeen],
      calibration: this.calibration.map((h) => h.saved()),
    };
  }

  /** Back to what a model with the same targets had learned. */
  restore(saved: RangeModelSnapshot): this {
    if (saved.targets.join(',') !== this.targets.join(',')) throw new Error('range model snapshot of other targets');
    this.cells = new Map(
      [...saved.cells].map(([k, c]) => [k, { hist: new QuantileHistogram(ERROR_SPAN[0], ERROR_SPAN[1], ERROR_BIN).restore(c.hist), cached: [...c.cached], cachedAt: c.cachedAt }]),
    );
    this.runners.restore(saved.runners);
    this.starts = new Map(
      [...saved.starts].map(([g, hists]) => {
        const restored: QuantileHistogram[] = [];
        hists.forEach((h, t) => {
          if (h) restored[t] = new QuantileHistogram(NET_SPAN[0], NET_SPAN[1], NET_BIN).restore(h);
        });
        return [g, restored];
      }),
    );
    this.startsSeen = new Set(saved.startsSeen);
    this.calibration = saved.calibration.map((h) => newCalibration().restore(h));
    return this;
  }

  /** Learn from a runner's splits (distance order, net ms) and remember the projection made now. */
  observe(runnerId: string, splits: readonly { distance: number; net: number }[], path: ProjectionPath | null, group: string | null): void {
    const slab = this.runners;
    let slot = slab.slotOf(runnerId);
    if (slot === undefined) {
      if (!path) return;
      slot = slab.open(runnerId);
    }
    const size = this.size;
    const row = slot * size;
    const pairs = slot * slab.pairs;
    if (path) {
      const f = this.index.get(path.from);
      if (f !== undefined && Number.isNaN(slab.fromNet[row + f]) && path.fromNet > 0) {
        slab.fromNet[row + f] = path.fromNet;
        slab.band[row + f] = Math.floor(path.fromNet / path.from / RANGE_CONSTANTS.bandMsPerM);
        for (let t = f + 1; t < size; t++) slab.projected[pairs + pairIndex(f, t)] = path.netAt(this.targets[t - 1]);
        if (!this.startsSeen.has(runnerId)) {
          this.startsSeen.add(runnerId);
          for (let t = f; t < size; t++) this.addStart(group, t, t === f ? path.fromNet : slab.projected[pairs + pairIndex(f, t)]);
        }
      }
    }
    for (const s of splits) {
      const t = this.index.get(s.distance);
      if (t === undefined || !(s.net > 0)) continue;
      for (let f = 1; f < t; f++) {
        const from = slab.fromNet[row + f];
        const at = pairs + pairIndex(f, t);
        const made = slab.projected[at];
        if (Number.isNaN(from) || made === LEARNED) continue;
        slab.projected[at] = LEARNED;
        const projected = made - from;
        const actual = s.net - from;
        if (projected <= 0 || actual <= 0) continue;
        const error = Math.log(actual / projected);
        this.cell(f, t, slab.band[row + f]).hist.add(error);
        this.cell(f, t, ALL).hist.add(error);
        if (this.history) this.calibrate(f, t, from, error);
      }
    }
    // At the finish nothing is left to project or to learn.
    if (splits.length > 0 && splits[splits.length - 1].distance === this.targets[this.targets.length - 1]) slab.close(runnerId);
  }

  estimate(runnerId: string, from: number, fromNet: number, target: number, projected: number): Estimate {
    const f = this.index.get(from);
    const t = this.index.get(target);
    const left = projected - fromNet;
    if (f === undefined || t === undefined || t <= f || left <= 0) return { net: projected, low: projected, high: projected };
    const [lo, , hi] = this.errors(f, t, Math.floor(fromNet / from / RANGE_CONSTANTS.bandMsPerM), fromNet / from);
    const net = projected;
    let low = fromNet + left * Math.exp(lo);
    let high = fromNet + left * Math.exp(hi);
    if (t === this.size - 1) {
      const slab = this.runners;
      const row = slab.open(runnerId) * this.size;
      {
        const cap = slab.widthCap[row + f];
        if (high - low > cap) {
          const shrink = cap / (high - low);
          low = net - (net - low) * shrink;
          high = net + (high - net) * shrink;
        }
        for (let g = f + 1; g < this.size; g++) slab.widthCap[row + g] = Math.min(slab.widthCap[row + g], high - low);
      }
    }
    return { net, low, high };
  }

  fromStart(target: number, group: string | null): Estimate | null {
    const t = this.index.get(target);
    if (t === undefined) return null;
    const { minRunners, tail } = RANGE_CONSTANTS;
    const own = group === null ? undefined : this.starts.get(group)?.[t];
    const hist = own && own.count >= minRunners ? own : this.starts.get('')?.[t];
    if (!hist || hist.count < minRunners) return null;
    // The field's spread of paces, widened by how far off a projection from the first mat can be.
    const [lo, , hi] = this.errors(1, Math.max(2, t), ALL);
    return { net: Math.exp(hist.quantile(0.5)), low: Math.exp(hist.quantile(tail) + Math.min(0, lo)), high: Math.exp(hist.quantile(1 - tail) + Math.max(0, hi)) };
  }

  /** Low, median and high log error for a projection from mat f to mat t in a pace band. */
  private errors(f: number, t: number, band: number, averagePace: number | null = null): number[] {
    const { prior } = RANGE_CONSTANTS;
    if (this.history) {
      // The day's own errors at the target once it has them; before, the earlier years' spread,
      // scaled by how the day's errors compared with those years' on the stretch it has shown.
      const day = this.fromCells(f, t, [band], true) ?? this.fromCells(f, t, this.nearBands(band), true);
      if (day) return day;
      const fromHistory = this.fromHistory(f, t, averagePace);
      if (fromHistory) return fromHistory;
    }
    // Runners of a similar pace first, even if they have only gone less far; then the whole field.
    return this.fromCells(f, t, [band]) ?? this.fromCells(f, t, this.nearBands(band)) ?? this.fromCells(f, t, [ALL]) ?? [...prior];
  }

  /**
   * The earlier years' spread from mat f to mat t for this pace, times how much wider (or narrower)
   * the day's errors have been than that spread, on stretches of about the same length already run.
   */
  private fromHistory(f: number, t: number, averagePace: number | null): number[] | null {
    const from = this.targets[f - 1];
    const to = this.targets[t - 1];
    const spread = this.history!.pairSpread(from, to, averagePace);
    if (!spread) return null;
    const { minRunners, historyScale } = RANGE_CONSTANTS;
    let scale = [1, 1];
    for (let h = horizonOf(to - from); h >= 0; h--) {
      const hist = this.calibration[h];
      if (hist.count < minRunners) continue;
      const clamp = (x: number) => Math.max(historyScale[0], Math.min(historyScale[1], x));
      scale = [clamp(-hist.quantile(RANGE_CONSTANTS.tail)), clamp(hist.quantile(1 - RANGE_CONSTANTS.tail))];
      break;
    }
    return [spread[0] * scale[0], 0, spread[1] * scale[1]];
  }

  /** A projection's error as a multiple of the earlier years' spread on its side (history only). */
  private calibrate(f: number, t: number, fromNet: number, error: number): void {
    const from = this.targets[f - 1];
    const to = this.targets[t - 1];
    const spread = this.history?.pairSpread(from, to, fromNet / from);
    if (!spread || !(spread[0] < 0) || !(spread[1] > 0)) return;
    this.calibration[horizonOf(to - from)].add(error < 0 ? error / -spread[0] : error / spread[1]);
  }

  private nearBands(band: number): number[] {
    const out: number[] = [];
    for (let step = 1; step <= RANGE_CONSTANTS.maxBandSteps; step++) out.push(band - step, band + step);
    return out;
  }

  /** From the furthest mat up to t that one of these bands has enough runners at, spread to t. */
  private fromCells(f: number, t: number, bands: number[], exact = false): number[] | null {
    const { minRunners, horizonExponent } = RANGE_CONSTANTS;
    for (let near = t; near > (exact ? t - 1 : f); near--) {
      for (const b of bands) {
        const cell = this.cells.get(this.key(f, near, b));
        if (!cell || cell.hist.count < minRunners) continue;
        const [lo, mid, hi] = this.read(cell);
        const ratio = near === t ? 1 : (this.targets[t - 1] - this.targets[f - 1]) / (this.targets[near - 1] - this.targets[f - 1]);
        // The spread around the projection itself: shifting it by the median error made 2015 worse.
        return [(lo - mid) * Math.pow(ratio, horizonExponent[0]), 0, (hi - mid) * Math.pow(ratio, horizonExponent[1])];
      }
    }
    return null;
  }

  private read(cell: Cell): number[] {
    if (cell.hist.count > cell.cachedAt * 1.02) {
      const { tail } = RANGE_CONSTANTS;
      cell.cached = [cell.hist.quantile(tail), cell.hist.quantile(0.5), cell.hist.quantile(1 - tail)];
      cell.cachedAt = cell.hist.count;
    }
    return cell.cached;
  }

  private cell(f: number, t: number, band: number): Cell {
    const key = this.key(f, t, band);
    let cell = this.cells.get(key);
    if (!cell) this.cells.set(key, (cell = { hist: new QuantileHistogram(ERROR_SPAN[0], ERROR_SPAN[1], ERROR_BIN), cached: [0, 0, 0], cachedAt: 0 }));
    return cell;
  }

  private key(f: number, t: number, band: number): number {
    return (f * this.size + t) * 0x1000 + (band === ALL ? ALL : Math.max(0, Math.min(ALL - 1, band)));
  }

  private addStart(group: string | null, t: number, net: number): void {
    if (!(net > 0)) return;
    for (const g of group === null ? [''] : ['', group]) {
      let hists = this.starts.get(g);
      if (!hists) this.starts.set(g, (hists = []));
      (hists[t] ??= new QuantileHistogram(NET_SPAN[0], NET_SPAN[1], NET_BIN)).add(Math.log(net));
    }
  }


}

/** The distances a race's ranges are learned for: each mat after the start, or each lap on a loop. */
export function rangeTargetsOf(race: Race): number[] {
  return race.kind === 'loop' && race.loop
    ? Array.from({ length: race.loop.laps }, (_, i) => (i + 1) * race.loop!.length)
    : race.timingPoints.filter((p) => p.kind !== 'start').map((p) => p.distance);
}
