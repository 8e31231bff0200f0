// Runs the benchmarks, prints a table and writes the figures as JSON under bench/results/.
//   npm run bench                     all of them, full size
//   npm run bench -- --quick          small sizes: checks that each still runs (not part of npm test)
//   npm run bench -- ingest fan-out   only the named ones
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { attacksBenchmark } from './attacks';
import { bostonIngestBenchmark } from './boston-ingest';
import { clusterBenchmark } from './cluster';
import { fanOutBenchmark } from './fan-out';
import { ingestBenchmark } from './ingest';
import { nycReplayBenchmark } from './nyc-replay';
import { pastLiveBenchmark } from './past-live';
import { pushAlertsBenchmark } from './push-alerts';
import { readInsertBenchmark } from './read-insert';
import { scrubBenchmark } from './scrub';
import { spectatorsBenchmark } from './spectators';
import { twoInstancesBenchmark } from './two-instances';
import { viewBytesBenchmark } from './view-bytes';
import { loadAverage } from './support/stats';
import type { Benchmark, BenchOutcome } from './support/types';

export const benchmarks: Benchmark[] = [ingestBenchmark, bostonIngestBenchmark, readInsertBenchmark, nycReplayBenchmark, fanOutBenchmark, twoInstancesBenchmark, attacksBenchmark, scrubBenchmark, pastLiveBenchmark, viewBytesBenchmark, spectatorsBenchmark, clusterBenchmark, pushAlertsBenchmark];

export interface BenchReport {
  startedAt: string;
  quick: boolean;
  machine: { cpus: number; node: string; loadBefore: string; loadAfter: string };
  results: Record<string, BenchOutcome>;
}

export async function runBenchmarks(options: { quick: boolean; only?: string[]; log?: (m: string) => void; resultsDir?: string }): Promise<BenchReport> {
  const log = options.log ?? ((m: string) => console.error(m));
  const selected = benchmarks.filter((b) => !options.only?.length || options.only.includes(b.name));
  const report: BenchReport = {
    startedAt: new Date().toISOString(),
    quick: options.quick,
    machine: { cpus: cpus().length, node: process.version, loadBefore: loadAverage(), loadAfter: '' },
    results: {},
  };
  for (const bench of selected) {
    log(`— ${bench.name}`);
    report.results[bench.name] = await bench.run({ quick: options.quick, log });
  }
  report.machine.loadAfter = loadAverage();
  const dir = options.resultsDir ?? resolve(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const name = `scale-${options.quick ? 'quick' : 'full'}-${report.startedAt.replace(/[:.]/g, '-')}.json`;
  writeFileSync(join(dir, name), `${JSON.stringify(report, null, 2)}\n`);
  return report;
}

export function formatTable(report: BenchReport): string {
  const rows = [['benchmark', 'measure', 'value', 'target', 'met']];
  for (const [name, outcome] of Object.entries(report.results)) {
    for (const f of outcome.figures) rows.push([name, f.measure, `${f.value} ${f.unit}`, f.target ?? '', f.met === undefined ? '' : f.met ? 'yes' : 'NO']);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const report = await runBenchmarks({ quick: args.includes('--quick'), only: args.filter((a) => !a.startsWith('--')) });
  console.log(`\n${formatTable(report)}\n\n${report.machine.cpus} cores, ${report.machine.node}; load average before ${report.machine.loadBefore}, after ${report.machine.loadAfter}`);
}
