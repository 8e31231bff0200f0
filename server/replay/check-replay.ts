// How a replay compares with the official results: net times to the second, places in the
// official order (equal whole seconds tie), and the projections' median error against even pace.
import { ageGroupLabel, DEFAULT_AGE_GROUPS } from '../../shared/age-groups';
import type { ReplayOutput } from './replay-results';
import type { ResultRow, ResultsFile } from './results-file';

export interface MatError {
  column: string;
  distance: number;
  runners: number;
  /** Median absolute error of the published projection, seconds. */
  projection: number;
  /** Median absolute error of even pace (split × distance / split distance), seconds. */
  evenPace: number;
  /** Mean absolute errors, seconds. */
  meanProjection: number;
  meanEvenPace: number;
  /** Share of runners whose published 80 % range held their real finish; NaN without ranges. */
  coverage: number;
  /** Median width of the published range, seconds. */
  width: number;
  /** Share of runners who finished after the range's high end. */
  late: number;
}

function mean(values: number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

export interface ReplayCheck {
  finishers: number;
  netTimeMismatches: { bib: string; official: number; replay: number | null }[];
  placeMismatches: { bib: string; kind: 'overall' | 'gender' | 'ageGroup'; message: string }[];
  /** Bibs whose official place disagrees with their official time in the file itself. */
  officialConflicts: string[];
  mats: MatError[];
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function checkReplay(file: ResultsFile, output: ReplayOutput, options: { ageGroups?: number[]; distance?: number } = {}): ReplayCheck {
  const rows = new Map(file.rows.map((r) => [r.bib, r]));
  const bounds = options.ageGroups ?? DEFAULT_AGE_GROUPS;
  const distance = options.distance ?? 42_195;
  const netTimeMismatches: ReplayCheck['netTimeMismatches'] = [];
  const finishers: { row: ResultRow; second: number; places: NonNullable<ReplayOutput['runners'][number]['places']> }[] = [];
  for (const runner of output.runners) {
    const row = rows.get(runner.bib);
    if (!row || row.finish === null) continue;
    const official = Math.floor(row.finish / 1000);
    const replay = runner.netTime === null ? null : Math.floor(runner.netTime + 1e-6);
    if (replay !== official || !runner.places) netTimeMismatches.push({ bib: runner.bib, official, replay });
    else finishers.push({ row, second: replay, places: runner.places });
  }

  const placeMismatches: ReplayCheck['placeMismatches'] = [];
  const officialConflicts = new Set<string>();
  const groupings = {
    overall: () => '*',
    gender: (r: ResultRow) => r.gender,
    ageGroup: (r: ResultRow) => `${r.gender}:${ageGroupLabel(Number(r.age), bounds)}`,
  } as const;
  for (const kind of ['overall', 'gender', 'ageGroup'] as const) {
    const groups = new Map<string, typeof finishers>();
    for (const f of finishers) {
      const key = groupings[kind](f.row);
      const list = groups.get(key) ?? [];
      list.push(f);
      groups.set(key, list);
    }
    for (const group of groups.values()) {
      // Places as they should be: one more than the runners with a smaller whole second.
      const bySecond = [...group].sort((a, b) => a.second - b.second);
      let expected = 0;
      bySecond.forEach((f, i) => {
        if (i === 0 || f.second !== bySecond[i - 1].second) expected = i + 1;
        if (f.places[kind] !== expected) placeMismatches.push({ bib: f.row.bib, kind, message: `place ${f.places[kind]}, expected ${expected}` });
      });
      // And in the official order: along it, places never go down.
      const officialPlace = (f: (typeof finishers)[number]) => f.row.places[kind];
      const byOfficial = group.filter((f) => officialPlace(f) !== null).sort((a, b) => officialPlace(a)! - officialPlace(b)!);
      for (let i = 1; i < byOfficial.length; i++) {
        const a = byOfficial[i - 1];
        const b = byOfficial[i];
        // The file contradicts itself here (a later official place with an earlier official time).
        if (a.second > b.second) {
          officialConflicts.add(a.row.bib);
          continue;
        }
        if (a.places[kind]! > b.places[kind]!) {
          placeMismatches.push({ bib: b.row.bib, kind, message: `official ${officialPlace(b)} after ${officialPlace(a)} (bib ${a.row.bib}), but placed ${b.places[kind]} before ${a.places[kind]}` });
        }
      }
    }
  }

  const mats: MatError[] = file.columns.splits
    .filter((s) => s.distance < distance)
    .map((column, index) => {
      const projection: number[] = [];
      const evenPace: number[] = [];
      const held: number[] = [];
      const late: number[] = [];
      const widths: number[] = [];
      for (const runner of output.runners) {
        const row = rows.get(runner.bib);
        const split = row?.splits[index];
        const projected = runner.projections[column.header];
        if (!row || row.finish === null || split === null || split === undefined || projected === null || projected === undefined) continue;
        const finish = row.finish / 1000;
        projection.push(Math.abs(projected - finish));
        evenPace.push(Math.abs(((split / 1000) * distance) / column.distance - finish));
        const range = runner.ranges?.[column.header];
        if (range) {
          // Published in whole ms, compared with whole seconds: a second's slack either side.
          held.push(range[0] - 1 <= finish && finish <= range[1] + 1 ? 1 : 0);
          widths.push(range[1] - range[0]);
          late.push(finish > range[1] + 1 ? 1 : 0);
        }
      }
      return {
        column: column.header,
        distance: column.distance,
        runners: projection.length,
        projection: median(projection),
        evenPace: median(evenPace),
        meanProjection: mean(projection),
        meanEvenPace: mean(evenPace),
        coverage: mean(held),
        width: median(widths),
        late: mean(late),
      };
    });
  return { finishers: finishers.length + netTimeMismatches.length, netTimeMismatches, placeMismatches, officialConflicts: [...officialConflicts], mats };
}
