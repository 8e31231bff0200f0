// Once reads stop, the primary collects its heap, if the heap grew by much since the last collection
// and that one was long enough ago; and the collection it asks Node for is a real one.
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { RecordingScheduler } from './support/recording-scheduler';
import { fullCollection } from '../server/heap-collection';
import { IdleCollector, MIN_GROWTH_BYTES } from '../server/live/idle-collector';

/** Lets the collector's promise callbacks run. */
const settled = () => new Promise((r) => setImmediate(r));

/** A collector over a heap of `heap.bytes`, which the test grows; a collection takes 100 ms and brings it back to 100 MB. */
function collector(heap = { bytes: 100 * 2 ** 20 }) {
  const clock = { ms: 0 };
  const scheduler = new RecordingScheduler();
  const collections: number[] = [];
  const released: number[] = [];
  const c = new IdleCollector({
    scheduler,
    coalesceMs: 250,
    log: pino({ level: 'silent' }),
    heapBytes: () => heap.bytes,
    release: () => released.push(clock.ms),
    elapsed: () => clock.ms,
    collect: async () => {
      collections.push(clock.ms);
      clock.ms += 100;
      heap.bytes = 100 * 2 ** 20;
    },
  });
  /** The armed timers run, and the collection they start ends. */
  const timersRun = async () => {
    scheduler.runAll();
    await settled();
  };
  return { c, scheduler, clock, collections, heap, released, timersRun };
}

describe('the idle collector', () => {
  it('collects once four publication windows pass without one, and only then', () => {
    const { c, scheduler, collections, heap, released } = collector();
    heap.bytes += 300 * 2 ** 20;
    c.published();
    c.published();
    expect(scheduler.live().map((t) => t.ms)).toEqual([1000]);
    expect(collections).toEqual([]);
    scheduler.runAll();
    expect(collections).toHaveLength(1);
    // The caches outside the heap are emptied with it.
    expect(released).toEqual(collections);
  });

  it('leaves a heap alone that grew little since the last collection', () => {
    const { c, scheduler, collections, heap } = collector();
    heap.bytes += MIN_GROWTH_BYTES - 1;
    c.published();
    scheduler.runAll();
    expect(collections).toEqual([]);
  });

  it('waits five times as long as the last collection took before the next', async () => {
    const { c, scheduler, clock, collections, heap, timersRun } = collector();
    heap.bytes += 300 * 2 ** 20;
    c.published();
    await timersRun();
    heap.bytes += 300 * 2 ** 20;
    // That one took 100 ms: none before 500 ms after it.
    clock.ms += 300;
    c.published();
    await timersRun();
    expect(collections).toHaveLength(1);
    clock.ms += 200;
    c.published();
    await timersRun();
    expect(collections).toHaveLength(2);
  });

  it('looks once more when that time is over, for what answers made since', async () => {
    const { c, scheduler, clock, collections, heap, timersRun } = collector();
    heap.bytes += 300 * 2 ** 20;
    c.published();
    await timersRun();
    expect(scheduler.live().map((t) => t.ms)).toEqual([500]);
    // No publication since: spectators' requests grew the heap.
    heap.bytes += MIN_GROWTH_BYTES;
    clock.ms += 500;
    await timersRun();
    expect(collections).toHaveLength(2);
    // Nothing grew after that one: the next look collects nothing.
    clock.ms += 500;
    await timersRun();
    expect(collections).toHaveLength(2);
  });

  it('arms nothing once closed', () => {
    const { c, scheduler } = collector();
    c.published();
    c.close();
    c.published();
    expect(scheduler.live()).toEqual([]);
  });

  it('asks Node for a real full collection that gives the pages back', async () => {
    let garbage: { x: number }[] | null = Array.from({ length: 2_000_000 }, (_, i) => ({ x: i + 0.5 }));
    expect(garbage.length).toBe(2_000_000);
    const before = process.memoryUsage().heapTotal;
    garbage = null;
    await fullCollection()();
    // Two million objects of 16 bytes or more were garbage: the heap holds at least 24 MB fewer.
    expect(before - process.memoryUsage().heapTotal).toBeGreaterThan(24 * 2 ** 20);
  });
});
