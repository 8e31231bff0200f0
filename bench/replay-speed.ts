// A whole results file through the real HTTP ingest: wall time, this process's CPU time (server and
// recording client together) and the machine's load, since other work shares the cores.
//   npx tsx bench/replay-speed.ts datasets/boston/2017.csv [--sample N] [--batch-seconds S]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { replayResults } from '../server/replay/replay-results';
import { parseResultsFile } from '../server/replay/results-file';

export interface ReplaySpeed {
  file: string;
  runners: number;
  reads: number;
  wallSeconds: number;
  cpuSeconds: number;
  readsPerSecond: number;
  loadBefore: number;
  loadAfter: number;
}

export async function replaySpeed(csvPath: string, options: { sample?: number; batchSeconds?: number } = {}): Promise<ReplaySpeed> {
  const file = parseResultsFile(readFileSync(csvPath, 'utf8'));
  const only = options.sample ? new Set(file.rows.slice(0, options.sample).map((r) => r.bib)) : undefined;
  const loadBefore = loadavg()[0];
  const cpu = process.cpuUsage();
  const report = await replayResults({ file, only, batchSeconds: options.batchSeconds, date: '2017-04-17' });
  const used = process.cpuUsage(cpu);
  const { summary } = report.output;
  return {
    file: path.basename(csvPath),
    runners: summary.runners,
    reads: summary.reads,
    wallSeconds: summary.seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    readsPerSecond: summary.reads / summary.seconds,
    loadBefore,
    loadAfter: loadavg()[0],
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { sample: { type: 'string' }, 'batch-seconds': { type: 'string' } } });
  const results: ReplaySpeed[] = [];
  for (const p of positionals) {
    const r = await replaySpeed(p, { sample: values.sample ? Number(values.sample) : undefined, batchSeconds: values['batch-seconds'] ? Number(values['batch-seconds']) : undefined });
    results.push(r);
    console.log(
      `${r.file}: ${r.runners} runners, ${r.reads} reads in ${r.wallSeconds.toFixed(1)} s wall (${Math.round(r.readsPerSecond)} reads/s), ` +
        `${r.cpuSeconds.toFixed(1)} s CPU; load average ${r.loadBefore.toFixed(1)} → ${r.loadAfter.toFixed(1)} on 2 cores shared with other work`,
    );
  }
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/replay-speed.json', JSON.stringify(results, null, 2));
}
