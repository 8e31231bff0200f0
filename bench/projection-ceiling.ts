// How good a projection from the splits could be if the whole day's results were known: not a
// model the engine may use (it would need finish times of runners still on course), but the floor
// the live projection can be held against. Two halves of the field: each half is projected with
// the conditional median of (time still to run / time at the recent pace) learned from the other
// half's finishers, by pace band and recent fade, the same inputs the live field model has.
//   npx tsx bench/projection-ceiling.ts datasets/boston/2015.csv datasets/boston/2017.csv
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { median } from '../server/replay/check-replay';
import { parseResultsFile, type ResultRow } from '../server/replay/results-file';

const MARATHON_M = 42_195;
/** Bins of log(average pace) and of log(recent pace / average pace). */
const PACE_BIN = 0.03;
const FADE_BIN = 0.02;
/** The recent pace is taken over at least this many metres back, as the live model does. */
const RECENT_M = 4500;
const MIN_IN_CELL = 20;

interface Case {
  elapsed: number;
  recentPace: number;
  left: number;
  finish: number;
  key: string;
  even: number;
}

function caseAt(row: ResultRow, distances: number[], index: number): Case | null {
  const at = row.splits[index];
  if (at === null || row.finish === null || !(at > 0)) return null;
  let from = { distance: 0, net: 0 };
  for (let j = index - 1; j >= 0; j--) {
    const net = row.splits[j];
    if (net !== null && distances[index] - distances[j] >= RECENT_M) {
      from = { distance: distances[j], net };
      break;
    }
  }
  const recentPace = (at - from.net) / (distances[index] - from.distance);
  const average = at / distances[index];
  if (!(recentPace > 0)) return null;
  const key = `${Math.floor(Math.log(average) / PACE_BIN)}|${Math.floor(Math.log(recentPace / average) / FADE_BIN)}`;
  const left = MARATHON_M - distances[index];
  return { elapsed: at, recentPace, left, finish: row.finish, key, even: (at * MARATHON_M) / distances[index] };
}

function logRatio(c: Case): number {
  return Math.log((c.finish - c.elapsed) / (c.recentPace * c.left));
}

export function projectionCeiling(csvPath: string) {
  const file = parseResultsFile(readFileSync(csvPath, 'utf8'));
  const distances = file.columns.splits.map((s) => s.distance);
  return file.columns.splits
    .map((column, index) => ({ column, index }))
    .filter(({ column }) => column.distance < MARATHON_M)
    .map(({ column, index }) => {
      const halves: Case[][] = [[], []];
      file.rows.forEach((row, i) => {
        const c = caseAt(row, distances, index);
        if (c) halves[i % 2].push(c);
      });
      const errors: number[] = [];
      const evenErrors: number[] = [];
      for (const [learn, check] of [
        [halves[0], halves[1]],
        [halves[1], halves[0]],
      ]) {
        const cells = new Map<string, number[]>();
        for (const c of learn) (cells.get(c.key) ?? cells.set(c.key, []).get(c.key)!).push(logRatio(c));
        const all = median(learn.map(logRatio));
        const medians = new Map([...cells].filter(([, v]) => v.length >= MIN_IN_CELL).map(([k, v]) => [k, median(v)]));
        for (const c of check) {
          const projected = c.elapsed + c.recentPace * c.left * Math.exp(medians.get(c.key) ?? all);
          errors.push(Math.abs(projected - c.finish) / 1000);
          evenErrors.push(Math.abs(c.even - c.finish) / 1000);
        }
      }
      const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
      return { column: column.header, median: median(errors), mean: mean(errors), evenMedian: median(evenErrors), evenMean: mean(evenErrors) };
    });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const p of process.argv.slice(2)) {
    console.log(`${path.basename(p)}: projection knowing the whole day's finishers (the other half of the field)`);
    console.log('  mat     median abs error (s)   mean abs error (s)');
    console.log('          ceiling   even pace    ceiling   even pace  ratio');
    for (const m of projectionCeiling(p)) {
      const cells = [m.median, m.evenMedian, m.mean, m.evenMean].map((v) => v.toFixed(0).padStart(10));
      console.log(`  ${m.column.padEnd(6)}${cells.join('')}  ${(m.mean / m.evenMean).toFixed(2).padStart(5)}`);
    }
  }
}
