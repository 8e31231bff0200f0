// An engine stood up again from a snapshot and the log is the engine that took the snapshot: same
// standings, projections and ranges at once, and the same after every later read. Real data: a
// 2,000-runner sample of Boston 2017, the snapshot taken mid-race and sent through structured clone.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { EventEngine } from '../shared/engine/event-engine';
import type { EngineSnapshot } from '../shared/engine/engine-snapshot';
import { parseResultsFile } from '../server/replay/results-file';
import { disorderly, engineWorkload, standingsDigest } from '../bench/support/engine-workload';

const DATA = path.resolve(__dirname, '../datasets/boston');
const { setup, reads: inOrder } = engineWorkload(parseResultsFile(readFileSync(path.join(DATA, '2017.csv'), 'utf8')), { sample: 2000 });
// Late and out of order, with second reads: a snapshot must not depend on tidy input.
const reads = disorderly(inOrder, { seed: 7, delayMs: 90_000, rereads: 0.05 });

function applied(count: number): EventEngine {
  const engine = new EventEngine(setup);
  for (const read of reads.slice(0, count)) engine.applyRead(read);
  engine.takeChanges();
  return engine;
}

/** As it would come back from disk. */
function throughDisk(snapshot: EngineSnapshot): EngineSnapshot {
  return deserialize(serialize(snapshot)) as EngineSnapshot;
}

describe('an engine snapshot', () => {
  it('restores the standings, projections and ranges it was taken with, and keeps them equal read after read', () => {
    const half = Math.round(reads.length / 2);
    const original = applied(half);
    const restored = EventEngine.restore(setup, throughDisk(original.snapshot()), [])!;
    expect(restored).not.toBeNull();
    const onCourse = original.counters('marathon').onCourse;
    expect(onCourse).toBeGreaterThan(500);
    expect(standingsDigest(restored)).toBe(standingsDigest(original));
    expect(restored.leaderboard('marathon').entries.find((e) => e.status === 'onCourse')?.projectedRange).toBeTruthy();

    for (const [from, to] of [
      [half, half + 3000],
      [half + 3000, reads.length],
    ]) {
      for (const read of reads.slice(from, to)) {
        original.applyRead(read);
        restored.applyRead(read);
      }
      expect(standingsDigest(restored)).toBe(standingsDigest(original));
    }
  });

  it('keeps reads no entrant claims yet, and gives them to the runner who claims their chip later', () => {
    const original = applied(1000);
    const seq = reads.length + 1;
    original.applyRead({ seq, point: reads[0].point, chip: 'NEW-CHIP', bib: null, time: reads[999].time, device: 'late mat' });
    const restored = EventEngine.restore(setup, throughDisk(original.snapshot()), [])!;
    expect([...restored.unmatchedReads().get('chip:NEW-CHIP')!]).toEqual([...original.unmatchedReads().get('chip:NEW-CHIP')!]);
    const entrants = setup.entrants.map((e, i) => (i === 0 ? { ...e, chip: 'NEW-CHIP' } : e));
    for (const engine of [original, restored]) engine.replaceSetup({ ...setup, entrants });
    expect(restored.readsOf(setup.entrants[0].bib).map((r) => r.seq)).toContain(seq);
    expect(standingsDigest(restored)).toBe(standingsDigest(original));
  });

  it('applies the reads the log has beyond the snapshot as new ones, and skips those it holds', () => {
    const at = Math.round(reads.length * 0.4);
    const later = Math.round(reads.length * 0.6);
    const snapshot = throughDisk(applied(at).snapshot());
    expect(snapshot.held).toBe(at);
    const live = applied(later);
    // From the snapshot's last read on, and from a little before it: the same engine.
    // A restored engine takes the snapshot's arrays as its own: each restore reads it from disk again.
    for (const from of [at, at - 500]) {
      const restored = EventEngine.restore(setup, throughDisk(snapshot), reads.slice(from, later))!;
      expect(standingsDigest(restored)).toBe(standingsDigest(live));
    }
  });

  it('keeps set-aside reads out and device clock offsets in', () => {
    const count = Math.round(reads.length * 0.5);
    const original = applied(count);
    const runner = original.leaderboard('marathon').entries.find((e) => e.status === 'onCourse' && original.readsOf(e.bib).length >= 3)!;
    const setAside = original.readsOf(runner.bib)[1];
    expect(original.removeRead(setAside)).toBe(true);
    original.setClockOffset('mat', 1500);
    const restored = EventEngine.restore(setup, throughDisk(original.snapshot()), reads.slice(0, count))!;
    expect(restored.readsOf(runner.bib).length).toBe(original.readsOf(runner.bib).length);
    expect(standingsDigest(restored)).toBe(standingsDigest(original));
    expect(restored.readsOf(runner.bib).map((r) => r.seq)).not.toContain(setAside.seq);
    // Race control sets it aside again at start-up: nothing left to take out.
    expect(restored.removeRead(setAside)).toBe(false);
    expect(restored.correctedTime({ time: 0, device: 'mat' })).toBe(1500);
  });

  it('fits the same set-up read back with its keys in another order', () => {
    const original = applied(1000);
    const reordered = JSON.parse(JSON.stringify(setup, Object.keys(setup).reverse())) as typeof setup;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(setup));
    const restored = EventEngine.restore({ ...reordered, races: setup.races, entrants: setup.entrants }, throughDisk(original.snapshot()), []);
    expect(restored && standingsDigest(restored)).toBe(standingsDigest(original));
  });

  it('does not fit another set-up', () => {
    const snapshot = applied(1000).snapshot();
    const changed = { ...setup, name: `${setup.name} (renamed)` };
    expect(EventEngine.restore(changed, snapshot, [])).toBeNull();
  });
});
