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
  const targets = new Set([...matDistances.filter((d) => d > 0 && d < finish), finish]);
  const byPair = new Map<string, Map<string, number[]>>();
  for (const splits of runs) {
    // Each point's recent pace and cell once; then every later target of the runner.
    splits.forEach((point, i) => {
      if (point.distance >= finish) return;
      const upTo = splits.slice(0, i + 1);
      const recent = recentPace(upTo);
      if (recent === null || !(point.net > 0)) return;
      const key = binsOf(point.net / point.distance, recent).join('|');
      for (let j = i + 1; j < splits.length; j++) {
        const target = splits[j];
        if (!targets.has(target.distance) || !(target.net > point.net)) continue;
        const pairKey = `${point.distance}|${target.distance}`;
        let cells = byPair.get(pairKey);
        if (!cells) byPair.set(pairKey, (cells = new Map()));
        let values = cells.get(key);
        if (!values) cells.set(key, (values = []));
        values.push(Math.log((target.net - point.net) / (recent * (target.distance - point.distance))));
      }
    });
  }
  const pairs: HistoryPair[] = [];
  for (const [pairKey, cells] of byPair) {
    const [from, to] = pairKey.split('|').map(Number);
    const rows: HistoryPair['cells'] = [];
    const all: number[] = [];
    for (const values of cells.values()) for (const v of values) all.push(v);
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
      for (const v of values) {
      list.push(v - own);
      everyResidual.push(v - own);
    }
    }
    // The whole pair's median, for runners in no cell of their own: bins out of range mark it.
    rows.push([ALL_BIN, ALL_BIN, round6(allMedian), all.length]);
    const spread: HistoryPair['spread'] = [];
    for (const [pace, list] of residuals) {
      if (list.length < MIN_IN_CELL) continue;
      const [low, high] = quantiles(list, SPREAD_TAIL, 1 - SPREAD_TAIL);
      spread.push([pace, round6(low), round6(high), list.length]);
    }
    const [low, high] = quantiles(everyResidual, SPREAD_TAIL, 1 - SPREAD_TAIL);
    spread.push([ALL_BIN, round6(low), round6(high), everyResidual.length]);
    pairs.push({ from, to, cells: rows, spread });
  }
  return { segments: model.cellsBySegment(), pairs };
}

/** The spread kept is the 10th to the 90th percentile: an 80 % range, as the engine's ranges. */
const SPREAD_TAIL = 0.1;

/** Two quantiles of the values (a typed array sorts numbers without a comparator). */
function quantiles(values: number[], low: number, high: number): [number, number] {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return [at(low), at(high)];
}

function median(values: number[]): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
