// The race engine alone, as the primary drives it: every read of a results file applied in time
// order, changes taken and counters read every 2,000 reads (one coalesced publication). Prints the
// cost per read, the live heap after a full GC and a fingerprint of the final standings, so a
// faster engine can be shown to give the same results.
//   node --expose-gc --import tsx bench/engine-apply.ts datasets/boston/2017.csv [--sample N]
//   node --expose-gc --import tsx bench/engine-apply.ts --nyc 56000   (the majors-shaped field, 35 mats)
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { EventSetup } from '../shared/domain';
import type { StoredRead } from '../shared/reads';
import { EventEngine } from '../shared/engine/event-engine';
import { parseResultsFile } from '../server/replay/results-file';
import { planReads } from '../server/simulator/plan';
import { engineWorkload, standingsDigest, type EngineWorkload } from './support/engine-workload';
import { marathonEvent } from './support/marathon';
import { EngineSnapshots } from '../server/storage/engine-snapshots';

const PUBLISH_EVERY = 2_000;

export interface EngineApplyFigures {
  file: string;
  runners: number;
  reads: number;
  applyMicrosPerRead: number;
  publishMicrosPerRead: number;
  heapMb: number | null;
  digest: string;
  /** Mid-race (half the reads applied): taking a snapshot and writing it, its size, and standing the engine up again from the file and the log. */
  snapshotMs: number;
  snapshotMb: number;
  restoreMs: number;
  /** Scoring the same half of the log read by read, as a restart without a snapshot does. */
  rebuildMs: number;
}

export function engineApply(csvPath: string, sample?: number): EngineApplyFigures {
  return engineApplyTo(path.basename(csvPath), engineWorkload(parseResultsFile(readFileSync(csvPath, 'utf8')), { sample }));
}

/** The NYC-shaped field of the scale benchmarks (56,000 runners × 35 mats), read as the simulator plans it. */
export function nycWorkload(runners: number): EngineWorkload {
  const setup = marathonEvent(runners);
  const reads = planReads(setup)
    .sort((a, b) => a.time - b.time)
    .map((r, i): StoredRead => ({ seq: i + 1, point: r.point, chip: r.chip, bib: null, time: r.time, device: 'mat' }));
  return { setup, reads };
}

function engineApplyTo(file: string, { setup, reads }: EngineWorkload): EngineApplyFigures {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const engine = new EventEngine(setup);
  let applyMs = 0;
  let publishMs = 0;
  const half = Math.floor(reads.length / 2 / PUBLISH_EVERY) * PUBLISH_EVERY;
  let snapshot = { snapshotMs: 0, snapshotMb: 0, restoreMs: 0, rebuildMs: 0 };
  for (let i = 0; i < reads.length; i += PUBLISH_EVERY) {
    if (i === half) snapshot = snapshotFigures(engine, setup, reads.slice(0, half));
    const t0 = performance.now();
    for (const read of reads.slice(i, i + PUBLISH_EVERY)) engine.applyRead(read);
    const t1 = performance.now();
    for (const change of engine.takeChanges()) engine.counters(change.raceId);
    publishMs += performance.now() - t1;
    applyMs += t1 - t0;
  }
  gc?.();
  const heapMb = gc ? (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20 : null;
  return {
    file,
    runners: setup.entrants.length,
    reads: reads.length,
    applyMicrosPerRead: (applyMs * 1000) / reads.length,
    publishMicrosPerRead: (publishMs * 1000) / reads.length,
    heapMb,
    digest: standingsDigest(engine),
    ...snapshot,
  };
}

function snapshotFigures(engine: EventEngine, setup: EventSetup, log: StoredRead[]): { snapshotMs: number; snapshotMb: number; restoreMs: number; rebuildMs: number } {
  const dir = mkdtempSync(path.join(tmpdir(), 'splitcast-engine-apply-'));
  try {
    const snapshots = new EngineSnapshots(dir);
    const t0 = performance.now();
    // As the primary takes one: on the event loop, taken and written to disk.
    snapshots.save(setup.id, { through: log.length, engine: engine.snapshot() });
    const t1 = performance.now();
    const saved = snapshots.load(setup.id);
    const restored = saved && EventEngine.restore(setup, saved.engine, log);
    const t2 = performance.now();
    if (!restored || standingsDigest(restored) !== standingsDigest(engine)) throw new Error('the restored engine differs from the one snapshotted');
    const t3 = performance.now();
    const rebuilt = new EventEngine(setup);
    for (const read of log) rebuilt.applyRead(read);
    rebuilt.takeChanges();
    const t4 = performance.now();
    return { snapshotMs: t1 - t0, snapshotMb: statSync(readdirSync(path.join(dir, 'snapshots')).map((f) => path.join(dir, 'snapshots', f))[0]).size / 2 ** 20, restoreMs: t2 - t1, rebuildMs: t4 - t3 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { sample: { type: 'string' }, nyc: { type: 'string' } } });
  const runs: (() => EngineApplyFigures)[] = positionals.map((file) => () => engineApply(file, values.sample ? Number(values.sample) : undefined));
  if (values.nyc) runs.push(() => engineApplyTo(`nyc-shaped ${values.nyc}`, nycWorkload(Number(values.nyc))));
  for (const run of runs) {
    const load = loadavg()[0];
    const started = performance.now();
    const r = run();
    console.log(
      `${r.file}: ${r.runners} runners, ${r.reads} reads: apply ${r.applyMicrosPerRead.toFixed(1)} µs/read, publish ${r.publishMicrosPerRead.toFixed(1)} µs/read, ` +
        `heap ${r.heapMb === null ? '? (run with --expose-gc)' : `${r.heapMb.toFixed(0)} MB`}, digest ${r.digest}; ` +
        `mid-race snapshot ${r.snapshotMs.toFixed(0)} ms, ${r.snapshotMb.toFixed(1)} MB, restore ${r.restoreMs.toFixed(0)} ms against ${r.rebuildMs.toFixed(0)} ms read by read; ` +
        `${((performance.now() - started) / 1000).toFixed(0)} s in all; load ${load.toFixed(1)} → ${loadavg()[0].toFixed(1)}`,
    );
  }
}
