// Earlier years as a prior for the field model: each past file's fade per segment, pace band and
// fade bucket, summed over the files and matched to the race's own segments by where they start and
// end. Pure: the files come in as data (the race's `history`), summed up when they were attached.
import { HISTORY_BINS, type HistoryFile, type HistorySegment } from '../course-history';
import type { FieldCell } from './field-model';
import { FIELD_CONSTANTS } from './projection';

const FADE_BUCKETS = FIELD_CONSTANTS.fadeEdges.length + 1;

/** Segments of two courses are the same when both ends are within this many metres. */
const SAME_END_M = 100;

/** The files' cells summed per segment of a course with these segment ends; empty segments left out. */
export class FadePrior {
  /** Per segment index of `ends`: cells by key (band × FADE_BUCKETS + bucket), and all of them. */
  readonly cells: (Map<number, FieldCell> | undefined)[];
  readonly totals: (FieldCell | undefined)[];
  /** Per "from|to" (the race's own mat distances): per "pace|fade" bin the count-weighted median log ratio and runners. */
  private pairs = new Map<string, Map<string, FieldCell>>();
  /** Per "from|to": per pace bin, the count-weighted low and high residual and runners. */
  private spreads = new Map<string, Map<number, { low: number; high: number; count: number }>>();

  constructor(ends: readonly number[], files: readonly HistoryFile[], mats: readonly number[] = ends) {
    const places = [...new Set([...mats, ...ends])].filter((d) => d > 0);
    for (const file of files) {
      for (const pair of file.pairs) {
        const from = nearest(places, pair.from);
        const to = nearest(places, pair.to);
        if (from === null || to === null || to <= from) continue;
        const key = `${from}|${to}`;
        const spreads = this.spreads.get(key) ?? this.spreads.set(key, new Map()).get(key)!;
        for (const [pace, low, high, count] of pair.spread) {
          const s = spreads.get(pace) ?? { low: 0, high: 0, count: 0 };
          s.low += low * count;
          s.high += high * count;
          s.count += count;
          spreads.set(pace, s);
        }
        const cells = this.pairs.get(key) ?? this.pairs.set(key, new Map()).get(key)!;
        for (const [pace, fade, value, count] of pair.cells) {
          const cellKey = `${pace}|${fade}`;
          const cell = cells.get(cellKey) ?? { sum: 0, count: 0 };
          cell.sum += value * count;
          cell.count += count;
          cells.set(cellKey, cell);
        }
      }
    }
    this.cells = ends.map(() => undefined);
    this.totals = ends.map(() => undefined);
    for (const file of files) {
      for (const segment of file.segments) {
        const i = matchingSegment(ends, segment);
        if (i < 0) continue;
        const cells = (this.cells[i] ??= new Map());
        const total = (this.totals[i] ??= { sum: 0, count: 0 });
        for (const [band, bucket, sum, count] of segment.cells) {
          if (bucket >= FADE_BUCKETS) continue;
          const key = band * FADE_BUCKETS + bucket;
          const cell = cells.get(key) ?? { sum: 0, count: 0 };
          cell.sum += sum;
          cell.count += count;
          cells.set(key, cell);
          total.sum += sum;
          total.count += count;
        }
      }
    }
  }

  get empty(): boolean {
    return this.totals.every((t) => t === undefined) && this.pairs.size === 0;
  }

  /** How far off (log) the earlier years' medians were from `from` to `to`, 10th and 90th percentile, for this average pace (null: the whole field's). */
  pairSpread(from: number, to: number, averagePace: number | null): [number, number] | null {
    const spreads = this.spreads.get(`${from}|${to}`);
    if (!spreads) return null;
    const s = (averagePace === null ? undefined : spreads.get(binsOf(averagePace, averagePace)[0])) ?? spreads.get(ALL_BIN);
    return s ? [s.low / s.count, s.high / s.count] : null;
  }

  /** The earlier years' log(time run from `from` to `to` / time at the recent pace) for a runner of this pace and fade. */
  pairLog(from: number, to: number, averagePace: number, recent: number): number | null {
    const cells = this.pairs.get(`${from}|${to}`);
    if (!cells) return null;
    const cell = cells.get(binsOf(averagePace, recent).join('|')) ?? cells.get(`${ALL_BIN}|${ALL_BIN}`);
    return cell ? cell.sum / cell.count : null;
  }
}

/** How many of a file's segments a course with these segment ends has. */
export function matchingSegments(ends: readonly number[], file: HistoryFile): number {
  return file.segments.filter((s) => matchingSegment(ends, s) >= 0).length;
}

function nearest(places: readonly number[], distance: number): number | null {
  for (const d of places) if (Math.abs(d - distance) <= SAME_END_M) return d;
  return null;
}

function matchingSegment(ends: readonly number[], segment: HistorySegment): number {
  for (let i = 0; i < ends.length; i++) {
    const from = i === 0 ? 0 : ends[i - 1];
    if (Math.abs(ends[i] - segment.to) <= SAME_END_M && Math.abs(from - segment.from) <= SAME_END_M) return i;
  }
  return -1;
}


/** A runner's pace and fade bin in a pair's cells. */
export function binsOf(averagePace: number, recent: number): [number, number] {
  return [Math.floor(Math.log(averagePace) / HISTORY_BINS.pace), Math.floor(Math.log(recent / averagePace) / HISTORY_BINS.fade)];
}

/** Pace and fade bin of a pair's whole-field cell. */
export const ALL_BIN = 1000;
