// What the field has shown so far on a point-to-point course: how much runners slowed down (or sped
// up) over each segment, against their own recent pace, by pace band and by how much they were
// already fading. Learned incrementally from the segments runners complete, so a projection made
// now uses only reads the engine already has. Pure: no clock, no I/O.
import type { HistoryFile, HistorySegment } from '../course-history';
import { FadePrior } from './history-prior';
import type { ProjectionPoint } from './projection';
import { FIELD_CONSTANTS, fadeOf, paceAt, recentPace } from './projection';

export interface FieldCell {
  sum: number;
  count: number;
}
type Cell = FieldCell;

/** Mats closer than this to the previous one are not a segment of their own (e.g. 20K and Half). */
export const MIN_SEGMENT_M = 2000;

/** Segment ends of a course: the mat distances after the start, short segments merged. */
export function segmentEnds(matDistances: readonly number[], finish: number): number[] {
  const sorted = [...new Set(matDistances.filter((d) => d > 0 && d < finish))].sort((a, b) => a - b);
  const ends: number[] = [];
  let previous = 0;
  for (const d of sorted) {
    if (d - previous < MIN_SEGMENT_M || finish - d < MIN_SEGMENT_M) continue;
    ends.push(d);
    previous = d;
  }
  ends.push(finish);
  return ends;
}

export interface FieldModelSnapshot {
  ends: readonly number[];
  cells: Map<number, Map<number, Cell>>;
  totals: Map<number, Cell>;
  seen: SeenSnapshot;
}

interface SeenSnapshot {
  ids: string[];
  masks: Int32Array;
  beyond: Map<string, number[]>;
}

export class FieldModel {
  readonly ends: number[];
  /** Where each end is in `ends`, asked for every segment ahead of every projection. */
  private endIndex: Map<number, number>;
  private cells = new Map<number, Map<number, Cell>>();
  /** All runners per segment, whatever their band: the day's fade when no band near has enough. */
  private totals = new Map<number, Cell>();
  /** Segments already learned from, per runner: each is counted once, at its first sight. */
  private seen = new SegmentsSeen();

  /** The mats the model was made for, to tell when the course changed. */
  readonly matsKey: string;

  /** Earlier years on this course (the race's history), and the files it was made from. */
  private prior: FadePrior | null = null;
  private priorFiles: readonly HistoryFile[] | null = null;
  /**
   * How the day differs from the prior so far: the sum and count of (the day's log ratio − the
   * prior's mean in the same segment and cell), over all cells and per pace band. A cold, wet year
   * shows it on the segments already run, and the prior of the segments ahead moves by as much.
   */
  private shift: Cell = { sum: 0, count: 0 };
  private bandShift = new Map<number, Cell>();

  private readonly mats: readonly number[];

  constructor(matDistances: readonly number[], readonly finish: number) {
    this.mats = [...matDistances, finish];
    this.ends = segmentEnds(matDistances, finish);
    this.endIndex = new Map(this.ends.map((end, i) => [end, i]));
    this.matsKey = matDistances.join(',');
  }

  /** What it has learned, for an engine snapshot (plain data: maps, arrays, numbers). */
  saved(): FieldModelSnapshot {
    return {
      ends: this.ends,
      cells: new Map([...this.cells].map(([i, cells]) => [i, new Map([...cells].map(([k, c]) => [k, { ...c }]))])),
      totals: new Map([...this.totals].map(([i, c]) => [i, { ...c }])),
      seen: this.seen.saved(),
    };
  }

  /** Back to what a model of the same course had learned. */
  restore(saved: FieldModelSnapshot): this {
    if (saved.ends.join(',') !== this.ends.join(',')) throw new Error('field model snapshot of another course');
    this.cells = new Map([...saved.cells].map(([i, cells]) => [i, new Map([...cells].map(([k, c]) => [k, { ...c }]))]));
    this.totals = new Map([...saved.totals].map(([i, c]) => [i, { ...c }]));
    this.seen = SegmentsSeen.restore(saved.seen);
    this.recountShift();
    return this;
  }

  /** Take the race's history as the prior (the same files again change nothing). */
  usePrior(files: readonly HistoryFile[] | undefined): void {
    const next = files && files.length > 0 ? files : null;
    if (next === this.priorFiles) return;
    this.priorFiles = next;
    const prior = next ? new FadePrior(this.ends, next, this.mats) : null;
    this.prior = prior && !prior.empty ? prior : null;
    this.recountShift();
  }

  /** The course history it uses, or none. */
  get history(): FadePrior | null {
    return this.prior;
  }

  /** What the model learned, per segment, as a course history keeps it. */
  cellsBySegment(): HistorySegment[] {
    const out: HistorySegment[] = [];
    this.ends.forEach((to, i) => {
      const cells = this.cells.get(i);
      if (!cells || cells.size === 0) return;
      const rows: HistorySegment['cells'] = [...cells].map(([key, c]) => [Math.floor(key / FADE_BUCKETS), key % FADE_BUCKETS, round6(c.sum), c.count]);
      out.push({ from: i === 0 ? 0 : this.ends[i - 1], to, cells: rows });
    });
    return out;
  }

  /** Learn from a runner's splits (distance order, net ms): every complete segment not seen before. */
  observe(runnerId: string, splits: readonly ProjectionPoint[]): void {
    const known = new Map<number, number>();
    for (const s of splits) if (s.net > 0 && !known.has(s.distance)) known.set(s.distance, s.net);
    const seen = this.seen.mask(runnerId);
    for (let i = 0; i < this.ends.length; i++) {
      const to = this.ends[i];
      const from = i === 0 ? 0 : this.ends[i - 1];
      const endNet = known.get(to);
      const startNet = from === 0 ? 0 : known.get(from);
      if (endNet === undefined || startNet === undefined || endNet <= startNet) continue;
      if (i < MASK_BITS ? (seen & (1 << i)) !== 0 : this.seen.has(runnerId, i)) continue;
      if (from === 0) continue; // the first segment has no recent pace to compare with
      const before = splits.filter((s) => s.distance <= from && s.net > 0);
      const recent = recentPace(before);
      const average = paceAt(before);
      if (recent === null || average === null) continue;
      const segmentPace = (endNet - startNet) / (to - from);
      const key = cellKey(average, fadeOf(recent, average));
      let segment = this.cells.get(i);
      if (!segment) this.cells.set(i, (segment = new Map()));
      const cell = segment.get(key) ?? { sum: 0, count: 0 };
      // Clipped: a few runners who walk must not move what the typical runner is told.
      const clip = FIELD_CONSTANTS.clipLogRatio;
      const ratio = Math.max(-clip, Math.min(clip, Math.log(segmentPace / recent)));
      cell.sum += ratio;
      cell.count += 1;
      segment.set(key, cell);
      const total = this.totals.get(i) ?? { sum: 0, count: 0 };
      total.sum += ratio;
      total.count += 1;
      this.totals.set(i, total);
      this.addShift(i, key, ratio, 1);
      this.seen.add(runnerId, i);
    }
  }

  /**
   * Log of (segment pace / recent pace) for the segment ending at `end`, for a runner of this
   * average pace and fade; from the nearest pace band with enough runners, else from all runners
   * of the segment; null when the segment has too few.
   */
  logRatio(end: number, averagePace: number, fade: number): number | null {
    const index = this.endIndex.get(end) ?? -1;
    const segment = index < 0 ? undefined : this.cells.get(index);
    if (!segment) return null;
    const { bandMsPerM, minRunners, maxBandSteps } = FIELD_CONSTANTS;
    const band = Math.floor(averagePace / bandMsPerM);
    const fadeBucket = fadeBucketOf(fade);
    for (let step = 0; step <= maxBandSteps; step++) {
      for (const b of step === 0 ? [band] : [band - step, band + step]) {
        const cell = segment.get(b * FADE_BUCKETS + fadeBucket);
        if (cell && cell.count >= minRunners) return cell.sum / cell.count;
      }
    }
    const total = this.totals.get(index);
    return total && total.count >= minRunners ? total.sum / total.count : null;
  }

  /**
   * The earlier years' log(time from the mat at `from` to `to` / time at the recent pace) for a
   * runner of this average and recent pace, moved by how much more or less the day's runners have
   * slowed than those years on the segments already run (the mean difference per segment, once for
   * the stretch: carrying it on to every segment ahead overshot). Null without a history of that stretch.
   */
  priorLog(from: number, to: number, averagePace: number, recent: number): number | null {
    const value = this.prior?.pairLog(from, to, averagePace, recent) ?? null;
    if (value === null) return null;
    const band = Math.floor(averagePace / FIELD_CONSTANTS.bandMsPerM);
    const own = this.bandShift.get(band);
    const shift = own && own.count >= FIELD_CONSTANTS.minShiftRunners ? own : this.shift;
    return shift.count === 0 ? value : value + shift.sum / shift.count;
  }

  /** How many of the day's runners of this average pace have run the segment ending at `end`. */
  dayRunners(end: number, averagePace: number): number {
    const index = this.endIndex.get(end);
    const segment = index === undefined ? undefined : this.cells.get(index);
    if (!segment) return 0;
    const band = Math.floor(averagePace / FIELD_CONSTANTS.bandMsPerM);
    let n = 0;
    for (let bucket = 0; bucket < FADE_BUCKETS; bucket++) n += segment.get(band * FADE_BUCKETS + bucket)?.count ?? 0;
    return n;
  }

  /** One of the day's ratios against the prior's mean in the same cell, when the prior has it. */
  private addShift(index: number, key: number, sum: number, count: number): void {
    const cell = this.prior?.cells[index]?.get(key);
    if (!cell || cell.count < FIELD_CONSTANTS.minRunners) return;
    const diff = sum - (count * cell.sum) / cell.count;
    this.shift.sum += diff;
    this.shift.count += count;
    const band = Math.floor(key / FADE_BUCKETS);
    const own = this.bandShift.get(band) ?? { sum: 0, count: 0 };
    own.sum += diff;
    own.count += count;
    this.bandShift.set(band, own);
  }

  /** The day-against-prior sums again from the cells (a new prior, a restored model). */
  private recountShift(): void {
    this.shift = { sum: 0, count: 0 };
    this.bandShift = new Map();
    if (!this.prior) return;
    for (const [index, cells] of this.cells) for (const [key, c] of cells) this.addShift(index, key, c.sum, c.count);
  }
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export const FADE_BUCKETS = FIELD_CONSTANTS.fadeEdges.length + 1;

function fadeBucketOf(fade: number): number {
  const edges = FIELD_CONSTANTS.fadeEdges;
  let i = 0;
  while (i < edges.length && fade >= edges[i]) i++;
  return i;
}

function cellKey(averagePace: number, fade: number): number {
  return Math.floor(averagePace / FIELD_CONSTANTS.bandMsPerM) * FADE_BUCKETS + fadeBucketOf(fade);
}

/** Segments counted in a runner's mask; more (an ultra's mats) go to a set. */
const MASK_BITS = 31;

/** Segments already learned from, per runner: a bit each (a set per runner was most of the model's memory). */
class SegmentsSeen {
  private masks = new Map<string, number>();
  private beyond = new Map<string, Set<number>>();

  mask(runnerId: string): number {
    return this.masks.get(runnerId) ?? 0;
  }

  has(runnerId: string, segment: number): boolean {
    if (segment < MASK_BITS) return (this.mask(runnerId) & (1 << segment)) !== 0;
    return this.beyond.get(runnerId)?.has(segment) ?? false;
  }

  add(runnerId: string, segment: number): void {
    if (segment < MASK_BITS) {
      this.masks.set(runnerId, this.mask(runnerId) | (1 << segment));
      return;
    }
    let set = this.beyond.get(runnerId);
    if (!set) this.beyond.set(runnerId, (set = new Set()));
    set.add(segment);
  }

  /** As columns: a runner id and their mask each (no array per runner), and the segments beyond the mask. */
  saved(): SeenSnapshot {
    return { ids: [...this.masks.keys()], masks: Int32Array.from(this.masks.values()), beyond: new Map([...this.beyond].map(([id, set]) => [id, [...set]])) };
  }

  static restore(saved: SeenSnapshot): SegmentsSeen {
    const seen = new SegmentsSeen();
    saved.ids.forEach((id, i) => seen.masks.set(id, saved.masks[i]));
    for (const [id, list] of saved.beyond) for (const segment of list) seen.add(id, segment);
    return seen;
  }
}
