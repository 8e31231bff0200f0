// A past year's results summed up as a course history keeps them, once, when an organizer attaches
// the file: the field model's cells per segment (to tell how the day differs), and for every mat
// and every later one the median of log(time actually run / time at the recent pace) by pace and
// fade bin (the projection's prior).
import { HISTORY_BINS, type HistoryPair, type HistorySegment } from '../course-history';
import { FieldModel } from './field-model';
import { ALL_BIN, binsOf } from './history-prior';
import { recentPace, type ProjectionPoint } from './projection';

/** A cell of a pair is kept once this many runners are in it. */
const MIN_IN_CELL = 20;

export function summariseHistory(runs: readonly (readonly ProjectionPoint[])[], matDistances: readonly number[], finish: number): { segments: HistorySegment[]; pairs: HistoryPair[] } {
  const model = new FieldModel(matDistances, finish);
  runs.forEach((splits, n) => model.observe(String(n), splits));
  const targets = [...new Set([...matDistances.filter((d) => d > 0 && d < finish), finish])].sort((a, b) => a - b);
  const byPair = new Map<string, Map<string, number[]>>();
  for (const splits of runs) {
    const at = new Map(splits.map((p) => [p.distance, p.net]));
    splits.forEach((point, i) => {
      if (point.distance >= finish) return;
      const key = cellKeyOf(splits.slice(0, i + 1));
      if (key === null) return;
      const recent = recentPace(splits.slice(0, i + 1))!;
      for (const to of targets) {
        const net = to > point.distance ? at.get(to) : undefined;
        if (net === undefined || !(net > point.net)) continue;
        const pairKey = `${point.distance}|${to}`;
        const cells = byPair.get(pairKey) ?? byPair.set(pairKey, new Map()).get(pairKey)!;
        (cells.get(key) ?? cells.set(key, []).get(key)!).push(Math.log((net - point.net) / (recent * (to - point.distance))));
      }
    });
  }
  const pairs: HistoryPair[] = [];
  for (const [pairKey, cells] of byPair) {
    const [from, to] = pairKey.split('|').map(Number);
    const rows: HistoryPair['cells'] = [];
    const all: number[] = [];
    for (const values of cells.values()) all.push(...values);
    if (all.length < MIN_IN_CELL) continue;
    const allMedian = median(all);
    // How far each runner was from the median their cell gives (the whole pair's, for a small cell), per pace bin.
    const residuals = new Map<number, number[]>();
    const everyResidual: number[] = [];
    for (const [key, values] of cells) {
      const [pace, fade] = key.split('|').map(Number);
      const own = values.length >= MIN_IN_CELL ? median(values) : allMedian;
      if (values.length >= MIN_IN_CELL) rows.push([pace, fade, round6(own), values.length]);
      const list = residuals.get(pace) ?? residuals.set(pace, []).get(pace)!;
      for (const v of values) list.push(v - own), everyResidual.push(v - own);
    }
    // The whole pair's median, for runners in no cell of their own: bins out of range mark it.
    rows.push([ALL_BIN, ALL_BIN, round6(allMedian), all.length]);
    const spread: HistoryPair['spread'] = [];
    for (const [pace, list] of residuals) if (list.length >= MIN_IN_CELL) spread.push([pace, round6(quantile(list, SPREAD_TAIL)), round6(quantile(list, 1 - SPREAD_TAIL)), list.length]);
    spread.push([ALL_BIN, round6(quantile(everyResidual, SPREAD_TAIL)), round6(quantile(everyResidual, 1 - SPREAD_TAIL)), everyResidual.length]);
    pairs.push({ from, to, cells: rows, spread });
  }
  return { segments: model.cellsBySegment(), pairs };
}

/** The pair cell of a runner whose useful splits end here: "pace|fade", or null without a pace. */
export function cellKeyOf(splits: readonly ProjectionPoint[]): string | null {
  const last = splits[splits.length - 1];
  const recent = recentPace(splits);
  if (!last || recent === null || !(last.net > 0) || !(last.distance > 0)) return null;
  return binsOf(last.net / last.distance, recent).join('|');
}

/** The spread kept is the 10th to the 90th percentile: an 80 % range, as the engine's ranges. */
const SPREAD_TAIL = 0.1;

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
