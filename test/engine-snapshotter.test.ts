// When the primary snapshots its engines: once reads stop (a few quiet publication windows), on a
// steady cadence while they keep coming, never while the log holds a read the engine has not
// applied yet; and a snapshot stands the engine up again. Real SQLite log, real snapshot files.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { RecordingScheduler } from './support/recording-scheduler';
import { EventEngine } from '../shared/engine/event-engine';
import { EngineSnapshotter } from '../server/live/engine-snapshotter';
import { parseResultsFile } from '../server/replay/results-file';
import { openDatabase } from '../server/storage/database';
import { EngineSnapshots } from '../server/storage/engine-snapshots';
import { ReadLog } from '../server/storage/read-log';
import { engineWorkload, standingsDigest } from '../bench/support/engine-workload';
import { tempDataDir } from './support/servers';

const DATA = path.resolve(__dirname, '../datasets/boston');
const { setup, reads } = engineWorkload(parseResultsFile(readFileSync(path.join(DATA, '2017.csv'), 'utf8')), { sample: 300 });

function primary(count: number, maxSteadyMs?: number) {
  // The snapshotter's clock: moved by the test, so the pause after a snapshot can be waited out.
  const clock = { ms: 0 };
  const dir = tempDataDir();
  const readLog = new ReadLog(openDatabase(dir));
  const stored = readLog.append(setup.id, reads.slice(0, count).map((r) => ({ key: `k${r.seq}`, point: r.point, chip: null, bib: r.bib, time: r.time, device: 'mat' })), 0);
  const engine = new EventEngine(setup);
  for (const read of stored) engine.applyRead(read!);
  const scheduler = new RecordingScheduler();
  const snapshots = new EngineSnapshots(dir);
  const snapshotter = new EngineSnapshotter({ snapshots, readLog, scheduler, log: pino({ level: 'silent' }), snapshotMs: 5000, coalesceMs: 250, engines: () => new Map([[setup.id, engine]]).entries(), maxSteadyMs, elapsed: () => clock.ms });
  return { readLog, engine, scheduler, snapshots, snapshotter, clock };
}

describe('engine snapshots on the primary', () => {
  it('are taken once reads stop, and stand the engine up again with the reads after them', () => {
    const half = Math.round(reads.length / 2);
    const { readLog, engine, scheduler, snapshots, snapshotter } = primary(half);
    snapshotter.published();
    // Four quiet windows of 250 ms, and the steady cadence.
    expect(scheduler.live().map((t) => t.ms).sort((a, b) => a - b)).toEqual([1000, 5000]);
    scheduler.run(1000);
    expect(scheduler.live()).toEqual([]);
    expect(snapshots.load(setup.id)?.through).toBe(half);

    // More reads after the snapshot: the log's tail is applied as new.
    const later = readLog.append(setup.id, reads.slice(half, half + 400).map((r) => ({ key: `k${r.seq}`, point: r.point, chip: null, bib: r.bib, time: r.time, device: 'mat' })), 0);
    for (const read of later) engine.applyRead(read!);
    const restored = snapshotter.restore(setup, (log) => log);
    expect(restored && standingsDigest(restored)).toBe(standingsDigest(engine));
  });

  it('are taken only when reads stop once one took too long', () => {
    const { engine, scheduler, snapshots, snapshotter, clock } = primary(500);
    // This one holds the event loop for 2 s.
    const real = engine.snapshot.bind(engine);
    engine.snapshot = () => {
      clock.ms += 2000;
      return real();
    };
    snapshotter.snapshotChanged();
    snapshotter.published();
    expect(scheduler.live().map((t) => t.ms)).toEqual([1000]);
  });

  it('waits while the log holds a read the engine has not applied', () => {
    const { readLog, engine, scheduler, snapshots, snapshotter } = primary(500);
    // Stored (its answer on its way from the writer thread) but not applied yet.
    const [pending] = readLog.append(setup.id, [{ key: 'pending', point: reads[500].point, chip: null, bib: reads[500].bib, time: reads[500].time, device: 'mat' }], 0);
    // A later read applied before it, as a request stored in the same moment could be.
    const [after] = readLog.append(setup.id, [{ key: 'after', point: reads[501].point, chip: null, bib: reads[501].bib, time: reads[501].time, device: 'mat' }], 0);
    engine.applyRead(after!);
    snapshotter.snapshotChanged();
    expect(snapshots.load(setup.id)).toBeNull();
    expect(scheduler.live().length).toBeGreaterThan(0);

    engine.applyRead(pending!);
    snapshotter.snapshotChanged();
    expect(snapshots.load(setup.id)?.through).toBe(after!.seq);
  });

  it('are never taken sooner than twenty times the last one took', () => {
    const { readLog, engine, scheduler, snapshots, snapshotter, clock } = primary(500);
    const store = (i: number) => readLog.append(setup.id, [{ key: `later-${i}`, point: reads[i].point, chip: null, bib: reads[i].bib, time: reads[i].time, device: 'mat' }], 0)[0]!;
    // The first snapshot takes 300 ms of the event loop, and is on disk when it returns.
    const started = clock.ms;
    engine.applyRead(store(500));
    const real = engine.snapshot.bind(engine);
    engine.snapshot = () => {
      clock.ms += 300;
      return real();
    };
    snapshotter.snapshotChanged();
    expect(clock.ms - started).toBe(300);
    expect(snapshots.load(setup.id)?.through).toBe(501);
    // Asked again at once (a long pause looked like quiet): it waits out 6 s instead.
    engine.applyRead(store(501));
    snapshotter.snapshotChanged();
    expect(scheduler.live().map((t) => t.ms)).toEqual([6000]);
    expect(snapshots.load(setup.id)?.through).toBe(501);
    clock.ms += 6000;
    scheduler.run(6000);
    expect(snapshots.load(setup.id)?.through).toBe(502);
  });

  it('arm nothing once closed, whatever is published during the shutdown', () => {
    const { engine, scheduler, snapshots, snapshotter, readLog } = primary(500);
    snapshotter.published();
    snapshotter.close();
    expect(scheduler.live()).toEqual([]);
    expect(snapshots.load(setup.id)?.through).toBe(500);
    // A flush after the close (a request answered while the server stops) publishes again.
    engine.applyRead(readLog.append(setup.id, [{ key: 'late', point: reads[500].point, chip: null, bib: reads[500].bib, time: reads[500].time, device: 'mat' }], 0)[0]!);
    snapshotter.published();
    snapshotter.snapshotChanged();
    expect(scheduler.live()).toEqual([]);
    expect(snapshots.load(setup.id)?.through).toBe(500);
  });

  it('are not used when written by an earlier version in another shape', () => {
    const { snapshots, snapshotter } = primary(500);
    // Another shape: reads packed per read, no count of them, nothing set aside.
    snapshots.save(setup.id, { through: 500, engine: { format: 2, reads: { seq: new Float64Array(500) } } } as never);
    expect(snapshots.load(setup.id)?.through).toBe(500);
    expect(snapshotter.restore(setup, (log) => log)).toBeNull();
  });

  it('are not used when the log no longer holds what they held', () => {
    const { snapshots, snapshotter } = primary(500);
    snapshotter.snapshotChanged();
    expect(snapshots.load(setup.id)).not.toBeNull();
    // The same snapshot over a log with fewer reads (another database file put in place).
    const other = new ReadLog(openDatabase(tempDataDir()));
    other.append(setup.id, reads.slice(0, 499).map((r) => ({ key: `k${r.seq}`, point: r.point, chip: null, bib: r.bib, time: r.time, device: 'mat' })), 0);
    const elsewhere = new EngineSnapshotter({ snapshots, readLog: other, scheduler: new RecordingScheduler(), log: pino({ level: 'silent' }), snapshotMs: 5000, coalesceMs: 250, engines: () => [][Symbol.iterator]() });
    expect(elsewhere.restore(setup, (log) => log)).toBeNull();
  });
});
