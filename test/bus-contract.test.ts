// One contract for every bus: the same suite runs unchanged against the in-process bus and the
// Redis bus, and a primary and a replica in one process really talk over the in-process bus.
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createSplitcast } from '../server/app';
import type { Bus } from '../server/bus/bus';
import { InProcessBus } from '../server/bus/in-process-bus';
import { RedisBus } from '../server/bus/redis-bus';
import { configWith } from '../server/config';
import { liveChannel } from '../server/live/cluster-link';
import { GUN } from './fixtures';
import { RaceWatcher } from './support/race-watcher';
import { connectSocket, postReads, REDIS_URL, startPrimary, tempDataDir, TEST_CLUSTER_TOKEN } from './support/servers';

const log = pino({ level: 'silent' });

/** Resolves with the next `count` messages a subscription receives. */
function collect(bus: Bus, channel: string, count: number): Promise<{ messages: string[]; stop: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const messages: string[] = [];
    const timer = setTimeout(() => reject(new Error(`only ${messages.length} of ${count} messages arrived`)), 5000);
    let stop: () => Promise<void> = async () => {};
    void bus
      .subscribe(channel, (m) => {
        messages.push(m);
        if (messages.length === count) {
          clearTimeout(timer);
          resolve({ messages, stop });
        }
      })
      .then((s) => (stop = s));
  });
}

const buses: [string, () => Promise<Bus>][] = [
  ['in-process', async () => new InProcessBus()],
  [
    'Redis',
    async () => {
      const bus = new RedisBus(REDIS_URL, log);
      await bus.start();
      return bus;
    },
  ],
];

describe.each(buses)('the %s bus', (_name, make) => {
  it('carries every message, in order, to every subscriber of the channel and to no other', async () => {
    const bus = await make();
    const channel = `contract-${randomUUID()}`;
    try {
      const first = collect(bus, channel, 3);
      const second = collect(bus, channel, 3);
      const elsewhere: string[] = [];
      const stopElsewhere = await bus.subscribe(`${channel}-other`, (m) => elsewhere.push(m));
      // Subscriptions are in place once subscribe resolved; give both a moment to register.
      await new Promise((r) => setImmediate(r));
      for (const m of ['one', 'two', 'three']) await bus.publish(channel, m);
      const [a, b] = await Promise.all([first, second]);
      expect(a.messages).toEqual(['one', 'two', 'three']);
      expect(b.messages).toEqual(['one', 'two', 'three']);
      // A round trip on the other channel proves nothing of ours went there.
      const marker = collect(bus, `${channel}-other`, 1);
      await bus.publish(`${channel}-other`, 'marker');
      expect((await marker).messages).toEqual(['marker']);
      expect(elsewhere).toEqual(['marker']);
      await Promise.all([a.stop(), b.stop(), stopElsewhere()]);
    } finally {
      await bus.close();
    }
  });

  it('stops delivering to a subscription once it is ended', async () => {
    const bus = await make();
    const channel = `contract-${randomUUID()}`;
    try {
      const ended: string[] = [];
      const stop = await bus.subscribe(channel, (m) => ended.push(m));
      await stop();
      const still = collect(bus, channel, 1);
      await new Promise((r) => setImmediate(r));
      await bus.publish(channel, 'after');
      expect((await still).messages).toEqual(['after']);
      expect(ended).toEqual([]);
    } finally {
      await bus.close();
    }
  });
});

describe('two instances on one in-process bus', () => {
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  it('a replica follows the primary over it, and drops a malformed message without harm', async () => {
    const bus = new InProcessBus();
    const clusterToken = TEST_CLUSTER_TOKEN;
    const prefix = `inproc-${randomUUID()}`;
    const primary = await startPrimary({ config: { CLUSTER_TOKEN: clusterToken, REDIS_PREFIX: prefix }, bus });
    closers.push(() => primary.server.close());
    const replica = await createSplitcast(
      configWith({ PORT: 0, HOST: '127.0.0.1', DATA_DIR: tempDataDir(), ROLE: 'replica', PRIMARY_URL: primary.server.url, CLUSTER_TOKEN: clusterToken, REDIS_PREFIX: prefix }),
      { bus },
    );
    closers.push(() => replica.close());
    const socket = await connectSocket(replica.url, { wholeRace: true });
    closers.push(async () => void socket.close());
    const watcher = new RaceWatcher(socket, 'test-event', '10k');
    await watcher.subscribe();

    await bus.publish(liveChannel(prefix), JSON.stringify({ origin: 'someone', kind: 'delta', delta: { eventId: 'test-event', raceId: '10k', seq: 'x' } }));
    await bus.publish(liveChannel(prefix), 'not json');
    await postReads(primary.server.url, 'test-event', primary.token, { reads: [{ point: 'start', chip: 'C1', time: GUN }] });
    await watcher.until((w) => w.rows.get('1')?.status === 'onCourse');
    expect(watcher.resubscribes).toBe(1);
  });
});

describe('an in-process bus', () => {
  it('counts who listens on a channel, so an instance alone on it encodes nothing', async () => {
    const bus = new InProcessBus();
    expect(bus.listeners('live')).toBe(0);
    const stop = await bus.subscribe('live', () => {});
    const other = await bus.subscribe('live', () => {});
    expect(bus.listeners('live')).toBe(2);
    await stop();
    expect(bus.listeners('live')).toBe(1);
    await other();
    expect(bus.listeners('live')).toBe(0);
  });
});
