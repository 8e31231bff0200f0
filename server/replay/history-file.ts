// A past year's results file (the replay's CSV format) as a race's course history: read, checked,
// and summed up as the field model's cells per segment. The file itself is not kept.
import type { HistoryFile } from '../../shared/course-history';
import { summariseHistory } from '../../shared/engine/history-summary';
import type { ProjectionPoint } from '../../shared/engine/projection';
import { MARATHON_M, parseResultsFile, ResultsFileError, type ResultsFile } from './results-file';

/** Fewer finishers with splits than this teach nothing worth a prior. */
export const MIN_HISTORY_FINISHERS = 50;

export class HistoryFileError extends Error {}

/** Each finisher's splits as the field model sees them (net ms > 0 at each mat, the finish last). */
export function historyRuns(file: ResultsFile, distance: number): ProjectionPoint[][] {
  const runs: ProjectionPoint[][] = [];
  for (const row of file.rows) {
    if (row.finish === null || !(row.finish > 0)) continue;
    const points: ProjectionPoint[] = [];
    file.columns.splits.forEach((s, i) => {
      const net = row.splits[i];
      if (net !== null && net > 0 && s.distance < distance) points.push({ distance: s.distance, net });
    });
    if (points.length === 0) continue;
    points.push({ distance, net: row.finish });
    runs.push(points);
  }
  return runs;
}

/** The course history a results file gives a race of `distance` metres; throws HistoryFileError with what is wrong. */
export function historyFromResults(text: string, options: { id: string; name: string; uploadedAt: number; distance?: number }): HistoryFile {
  let file: ResultsFile;
  try {
    file = parseResultsFile(text);
  } catch (err) {
    if (err instanceof ResultsFileError) throw new HistoryFileError(err.message);
    throw err;
  }
  const distance = options.distance ?? MARATHON_M;
  if (file.columns.splits.filter((s) => s.distance < distance).length === 0) throw new HistoryFileError('the results file has no split columns (headers such as "5K", "10K", "Half")');
  const runs = historyRuns(file, distance);
  if (runs.length < MIN_HISTORY_FINISHERS) throw new HistoryFileError(`the results file has ${runs.length} finishers with splits; at least ${MIN_HISTORY_FINISHERS} are needed`);
  const mats = file.columns.splits.map((s) => s.distance).filter((d) => d < distance);
  return {
    id: options.id,
    name: options.name,
    uploadedAt: options.uploadedAt,
    runners: file.rows.length,
    finishers: runs.length,
    ...summariseHistory(runs, mats, distance),
  };
}
