// The scale benchmarks in quick mode: small sizes, real servers, real Redis. Checks that they run
// and produce figures, not the figures themselves (those are for `npm run bench` on a quiet machine).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatTable, runBenchmarks, type BenchReport } from '../bench/run';

describe('benchmarks in quick mode', () => {
  it('run every benchmark, print a table and write the JSON', async () => {
    const resultsDir = mkdtempSync(join(tmpdir(), 'splitcast-bench-results-'));
    // The spectators' browsers have a test of their own (bench-spectators.test.ts).
    const report = await runBenchmarks({ quick: true, resultsDir, log: () => {}, only: ['ingest', 'boston-ingest', 'nyc-replay', 'fan-out', 'two-instances', 'attacks', 'scrub', 'view-bytes'] });
    expect(Object.keys(report.results).sort()).toEqual(['attacks', 'boston-ingest', 'fan-out', 'ingest', 'nyc-replay', 'scrub', 'two-instances', 'view-bytes']);
    for (const outcome of Object.values(report.results)) {
      expect(outcome.figures.length).toBeGreaterThan(0);
      for (const f of outcome.figures) expect(Number.isFinite(f.value), f.measure).toBe(true);
    }
    // Every client connected was held, on one instance and on two.
    expect(report.results['fan-out'].figures.find((f) => f.measure.endsWith('held by the server'))).toMatchObject({ value: 30, met: true });
    expect(report.results['two-instances'].figures.filter((f) => f.measure.endsWith('clients held')).map((f) => f.value)).toEqual([20, 20]);
    expect(report.results['nyc-replay'].details).toMatchObject({ runners: 150 });
    expect(report.results.scrub.details).toMatchObject({ runners: 150, scrubs: 20 });
    // Leaderboard windows: one filtered ordering per distinct filter per update (3 filters), whatever the windows.
    expect(report.results['view-bytes'].figures.filter((f) => f.measure.includes('orderings computed')).every((f) => f.value <= 3)).toBe(true);
    // A socket re-subscribing as fast as it can is held well under its 10 MB.
    expect(report.results.attacks.figures.find((f) => f.measure.startsWith('drawn by'))).toMatchObject({ met: true });
    const [file] = readdirSync(resultsDir);
    expect((JSON.parse(readFileSync(join(resultsDir, file), 'utf8')) as BenchReport).results.ingest.figures).toEqual(report.results.ingest.figures);
    expect(formatTable(report)).toMatch(/\| ingest +\| durable reads\/s, batches of 100 /);
    rmSync(resultsDir, { recursive: true, force: true });
  }, 180_000);
});
