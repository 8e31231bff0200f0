// The projection model against real results without the server around it: a results file's reads
// fed straight into the race engine in race-clock order, the projection taken right after each
// read, as the live replay publishes it. Fast enough to fit the model's constants.
//   npx tsx bench/replay-projection.ts datasets/boston/2017.csv [--sample N] [--history <past.csv> …]
//   --leave-one-out: each file with the others as its history (and without any).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EventEngine } from '../shared/engine/event-engine';
import { seededRandom } from '../shared/random';
import { checkReplay } from '../server/replay/check-replay';
import { batchReads, replayReads } from '../server/replay/read-batches';
import { buildReplayEvent } from '../server/replay/replay-event';
import type { ReplayOutput } from '../server/replay/replay-results';
import { parseResultsFile } from '../server/replay/results-file';
import { historyFromResults } from '../server/replay/history-file';

export function projectionErrors(csvPath: string, options: { sample?: number; seed?: number; history?: string[] } = {}) {
  const file = parseResultsFile(readFileSync(csvPath, 'utf8'));
  const seed = options.seed ?? 1;
  const event = buildReplayEvent(file, { eventId: 'bench', name: 'bench', date: '2017-04-17', firstGun: Date.parse('2017-04-17T14:00:00Z'), seed });
  const history = (options.history ?? []).map((p, i) => historyFromResults(readFileSync(p, 'utf8'), { id: `h${i}`, name: path.basename(p), uploadedAt: 0 }));
  if (history.length > 0) event.setup.races[0].history = history;
  if (options.sample) {
    const random = seededRandom(seed);
    event.runners = event.runners.filter(() => random() < options.sample! / file.rows.length);
  }
  const reads = replayReads(event, file.columns.splits.map((s) => s.header));
  const engine = new EventEngine({ ...event.setup, entrants: event.setup.entrants.filter((e) => event.runners.some((r) => r.row.bib === e.bib)) });
  const projections = new Map<string, Record<string, number | null>>();
  const ranges = new Map<string, Record<string, [number, number] | null>>();
  let seq = 0;
  const started = performance.now();
  for (const batch of batchReads(reads, { seed })) {
    for (const read of batch.reads) {
      engine.applyRead({ seq: ++seq, point: read.point, chip: null, bib: read.bib, time: read.time, device: null });
      if (read.column === null) continue;
      const { projectedNet: projected, projectedRange: range } = engine.runner(read.bib)!;
      const byColumn = projections.get(read.bib) ?? {};
      byColumn[read.column] = projected === null ? null : projected / 1000;
      projections.set(read.bib, byColumn);
      const rangeByColumn = ranges.get(read.bib) ?? {};
      rangeByColumn[read.column] = range === null ? null : [range[0] / 1000, range[1] / 1000];
      ranges.set(read.bib, rangeByColumn);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const output: ReplayOutput = {
    summary: { runners: event.runners.length, reads: reads.length, accepted: reads.length, duplicates: 0, rejected: 0, seconds },
    runners: event.runners.map(({ row }) => {
      const detail = engine.runner(row.bib)!;
      return { bib: row.bib, netTime: detail.netTime === null ? null : detail.netTime / 1000, gunTime: null, places: null, projections: projections.get(row.bib) ?? {}, ranges: ranges.get(row.bib) ?? {} };
    }),
  };
  return { mats: checkReplay(file, output).mats, runners: event.runners.length, reads: reads.length, seconds, replayed: { output, file } };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { sample: { type: 'string' }, history: { type: 'string', multiple: true }, 'leave-one-out': { type: 'boolean' } },
  });
  const runs = values['leave-one-out']
    ? positionals.flatMap((p) => [{ file: p, history: [] as string[] }, { file: p, history: positionals.filter((q) => q !== p) }])
    : positionals.map((p) => ({ file: p, history: values.history ?? [] }));
  const results = runs.map(({ file: p, history }) => {
    const { replayed: _replayed, ...figures } = projectionErrors(p, { sample: values.sample ? Number(values.sample) : undefined, history });
    return { file: path.basename(p), history: history.map((h) => path.basename(h)), ...figures };
  });
  for (const r of results) {
    const past = r.history.length > 0 ? `history ${r.history.join(', ')}` : 'no history';
    console.log(`${r.file} (${past}): ${r.runners} runners, ${r.reads} reads through the engine in ${r.seconds.toFixed(1)} s`);
    console.log('  mat     median abs error (s)   mean abs error (s)      80 % range');
    console.log('          projection even pace  projection even pace  ratio  coverage  median width (s)');
    for (const m of r.mats) {
      const cells = [m.projection, m.evenPace, m.meanProjection, m.meanEvenPace].map((v) => v.toFixed(0).padStart(10));
      console.log(`  ${m.column.padEnd(6)}${cells.join('')}  ${(m.meanProjection / m.meanEvenPace).toFixed(2).padStart(5)}  ${(m.coverage * 100).toFixed(1).padStart(7)} %  ${m.width.toFixed(0).padStart(8)}  late ${(m.late * 100).toFixed(1)} %`);
    }
  }
  // Issue 34's targets at 10K / 20K / 30K (the ceiling of what the inputs allow: bench/projection-ceiling.ts).
  const TARGET_RATIO: Record<string, number> = { '10K': 0.65, '20K': 0.55, '30K': 0.48 };
  for (const r of results) {
    const at = (column: string) => r.mats.find((m) => m.column === column);
    const cells = Object.entries(TARGET_RATIO).map(([column, target]) => {
      const m = at(column);
      if (!m) return `${column} –`;
      const ratio = m.meanProjection / m.meanEvenPace;
      const held = m.coverage >= 0.75 && m.coverage <= 0.85;
      return `${column} ${ratio.toFixed(2)} (≤ ${target} ${ratio <= target + 0.005 ? 'met' : 'missed'}), range ${(m.coverage * 100).toFixed(1)} % (${held ? 'met' : 'missed'})`;
    });
    const m30 = at('30K');
    const tail = m30 ? `; 30K median ${m30.projection.toFixed(0)} s (≤ 165 ${m30.projection <= 165 ? 'met' : 'missed'}), width ${m30.width.toFixed(0)} s (≤ 1,000 ${m30.width <= 1000 ? 'met' : 'missed'})` : '';
    const past = r.history.length > 0 ? `history ${r.history.join(', ')}` : 'no history';
    console.log(`targets, ${r.file} (${past}): ${cells.join('; ')}${tail}`);
  }
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/replay-projection.json', JSON.stringify(results, null, 2));
}
