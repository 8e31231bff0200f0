// Redis outage: a private redis-server is killed mid-race and started again on the same port. Nothing
// crashes, ingest goes on storing reads, health reports Redis down, and once Redis is back the
// replica and every client converge to the primary's state by themselves.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSplitcast, type Splitcast } from '../server/app';
import { configWith } from '../server/config';
import { publicRows } from '../server/live/public-view';
import type { RunnerRow } from '../shared/views';
import { GUN, min } from './fixtures';
import { reliabilityEvent } from './support/race-fixture';
import { RaceWatcher } from './support/race-watcher';
import { startPrivateRedis, type PrivateRedis } from './support/redis-server';
import { connectSocket, postReads, startPrimary, type TestPrimary, type TestSocket, TEST_CLUSTER_TOKEN } from './support/servers';
import { waitFor } from './support/wait-for';

const event = reliabilityEvent(40);
let redis: PrivateRedis;
let primary: TestPrimary;
let replica: Splitcast;
const sockets: TestSocket[] = [];
const watchers: RaceWatcher[] = [];

const health = (url: string) => fetch(`${url}/api/health`).then((r) => r.json() as Promise<{ redis: string; status: string }>);
const read = (bib: number, point: string, minutes: number) => ({ point, chip: `C${bib}`, time: GUN + min(minutes), readId: `${bib}-${point}` });
const tenKBibs = event.entrants.filter((e) => e.raceId === '10k' && e.status === 'registered' && !e.private).map((e) => Number(e.bib));

/** The primary's own view of the race, as spectators are sent it. */
function truth(): Map<string, RunnerRow> {
  const state = primary.server.primary!.runtime.state(event.id)!;
  return new Map(publicRows(state.races['10k'].runners).map((r) => [r.bib, r]));
}
const inStep = (w: RaceWatcher) => {
  const want = truth();
  return w.rows.size === want.size && [...want].every(([bib, row]) => JSON.stringify(w.rows.get(bib)) === JSON.stringify(row));
};

beforeAll(async () => {
  redis = await startPrivateRedis();
  const cluster = { REDIS_URL: redis.url, REDIS_PREFIX: `outage-${randomUUID()}`, CLUSTER_TOKEN: TEST_CLUSTER_TOKEN };
  primary = await startPrimary({ event, config: cluster });
  replica = await createSplitcast(configWith({ ...cluster, ROLE: 'replica', PRIMARY_URL: primary.server.url, PORT: 0, HOST: '127.0.0.1' }));
  for (const url of [primary.server.url, replica.url]) {
    const socket = await connectSocket(url, { wholeRace: true });
    const watcher = new RaceWatcher(socket, event.id, '10k');
    await watcher.subscribe();
    sockets.push(socket);
    watchers.push(watcher);
  }
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await replica?.close();
  await primary?.server.close();
  await redis?.stop();
});

describe('Redis outage', () => {
  it('keeps ingesting while Redis is away and converges everywhere once it is back', async () => {
    const post = async (reads: unknown[]) => {
      const res = await postReads(primary.server.url, event.id, primary.token, { reads });
      expect(res.status).toBe(200);
      return (await res.json()) as { accepted: number };
    };
    await post(tenKBibs.map((b) => read(b, 'start', 0)));
    await Promise.all(watchers.map((w) => w.until(inStep)));

    await redis.stop();
    for (const url of [primary.server.url, replica.url]) {
      await waitFor(() => health(url), (h) => h.redis === 'down' && h.status === 'degraded', `${url} reports Redis down`);
    }
    const storedBefore = primary.server.primary!.readLog.count(event.id);
    const during = tenKBibs.slice(0, 20).map((b, i) => read(b, '5k', 18 + i * 0.5));
    for (let i = 0; i < during.length; i += 5) expect((await post(during.slice(i, i + 5))).accepted).toBe(5);
    expect(primary.server.primary!.readLog.count(event.id)).toBe(storedBefore + during.length);
    // The primary's own clients stay live through the outage.
    await watchers[0].until(inStep);
    expect(watchers[1].rows.get(String(tenKBibs[0]))?.lastPoint).toBe('start');

    await redis.start();
    for (const url of [primary.server.url, replica.url]) {
      await waitFor(() => health(url), (h) => h.redis === 'up' && h.status === 'ok', `${url} reports Redis up`);
    }
    // No new read needed: the replica resyncs on reconnect and tells its clients.
    await Promise.all(watchers.map((w) => w.until(inStep)));
    expect(watchers[1].rows.get(String(tenKBibs[0]))?.lastPoint).toBe('5k');

    // And the live path through Redis works again.
    await post(tenKBibs.slice(0, 10).map((b, i) => read(b, 'finish', 38 + i)));
    await Promise.all(watchers.map((w) => w.until((w) => inStep(w) && w.rows.get(String(tenKBibs[0]))?.status === 'finished')));
    const board = await (await fetch(`${replica.url}/api/events/${event.id}/races/10k/leaderboard?limit=100`)).json();
    expect(board.entries[0].bib).toBe(String(tenKBibs[0]));
  }, 60_000);
});

describe('Redis down when the instances start', () => {
  it('the primary and a replica start and serve without it, and join up once it comes', async () => {
    const late = await startPrivateRedis();
    await late.stop();
    const cluster = { REDIS_URL: late.url, REDIS_PREFIX: `late-${randomUUID()}`, CLUSTER_TOKEN: TEST_CLUSTER_TOKEN };
    const first = await startPrimary({ event, config: cluster });
    const second = await createSplitcast(configWith({ ...cluster, ROLE: 'replica', PRIMARY_URL: first.server.url, PORT: 0, HOST: '127.0.0.1' }));
    const clients: TestSocket[] = [];
    try {
      for (const url of [first.server.url, second.url]) expect(await health(url)).toMatchObject({ redis: 'down', status: 'degraded' });
      const res = await postReads(first.server.url, event.id, first.token, { reads: [read(tenKBibs[0], 'start', 0), read(tenKBibs[0], '5k', 20)] });
      expect((await res.json()).accepted).toBe(2);
      const atSecond = await connectSocket(second.url, { wholeRace: true });
      clients.push(atSecond);
      const watcher = new RaceWatcher(atSecond, event.id, '10k');
      await watcher.subscribe();
      // Loaded from the primary at start, before these reads; without Redis nothing newer arrives.
      expect(watcher.rows.get(String(tenKBibs[0]))?.lastPoint).toBeNull();

      await late.start();
      await waitFor(() => health(second.url), (h) => h.redis === 'up', 'replica reports Redis up');
      await waitFor(() => health(first.server.url), (h) => h.redis === 'up', 'primary reports Redis up');
      // The replica catches up by itself when Redis comes, then follows live.
      await watcher.until((w) => w.rows.get(String(tenKBibs[0]))?.lastPoint === '5k');
      await postReads(first.server.url, event.id, first.token, { reads: [read(tenKBibs[0], 'finish', 40)] });
      await watcher.until((w) => w.rows.get(String(tenKBibs[0]))?.status === 'finished');
    } finally {
      for (const c of clients) c.close();
      await second.close();
      await first.server.close();
      await late.stop();
    }
  }, 60_000);
});
