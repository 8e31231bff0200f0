// Two instances on the real Redis: a read posted to the primary reaches a client of the replica.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSplitcast, type Splitcast } from '../server/app';
import { configWith } from '../server/config';
import type { RaceSnapshot } from '../shared/views';
import { GUN, min } from './fixtures';
import { connectSocket, nextUpdate, postReads, REDIS_URL, startPrimary, type TestPrimary, type TestSocket, TEST_CLUSTER_TOKEN } from './support/servers';

const cluster = { REDIS_URL, REDIS_PREFIX: `test-${randomUUID()}`, CLUSTER_TOKEN: TEST_CLUSTER_TOKEN };
let a: TestPrimary;
let b: Splitcast;
let onB: TestSocket;

beforeAll(async () => {
  a = await startPrimary({ config: cluster });
  b = await createSplitcast(configWith({ ...cluster, ROLE: 'replica', PRIMARY_URL: a.server.url, PORT: 0, HOST: '127.0.0.1' }));
  onB = await connectSocket(b.url, { wholeRace: true });
});
afterAll(async () => {
  onB?.close();
  await b?.close();
  await a?.server.close();
});

describe('two instances through Redis', () => {
  it('reports Redis up in health', async () => {
    for (const url of [a.server.url, b.url]) {
      const health = await (await fetch(`${url}/api/health`)).json();
      expect(health).toMatchObject({ status: 'ok', redis: 'up' });
    }
  });

  it('the replica has loaded the primary\'s event', async () => {
    const events = await (await fetch(`${b.url}/api/events`)).json();
    expect(events.map((e: { id: string }) => e.id)).toEqual(['test-event']);
  });

  it('a read posted to instance A reaches a client connected to instance B', async () => {
    const res = await onB.emitWithAck('race:subscribe', { eventId: 'test-event', raceId: '10k' });
    if (!res.ok) throw new Error(res.error);
    const snapshot = res.data as RaceSnapshot;
    const update = nextUpdate(onB, 'race:update', (u) => u.runners.some((r) => r.bib === '1' && r.lastPoint === '5k'));
    await postReads(a.server.url, 'test-event', a.token, { reads: [{ point: 'start', chip: 'C1', time: GUN }, { point: '5k', chip: 'C1', time: GUN + min(20) }] });
    const [u] = await update;
    expect(u.seq).toBeGreaterThan(snapshot.seq);
    const board = await (await fetch(`${b.url}/api/events/test-event/races/10k/leaderboard`)).json();
    expect(board.entries[0]).toMatchObject({ bib: '1', lastPoint: '5k' });
  });

  it('refuses ingest on the replica: reads go to the primary', async () => {
    const res = await postReads(b.url, 'test-event', a.token, { reads: [{ point: 'start', chip: 'C2', time: GUN }] });
    expect(res.status).toBe(421);
    expect((await res.json()).error).toMatch(/primary/);
  });

  it('refuses alert subscriptions on the replica: the primary keeps them and sends every alert once', async () => {
    for (const [method, path] of [['GET', '/api/push/key'], ['POST', '/api/events/test-event/alerts'], ['DELETE', '/api/events/test-event/alerts/x']]) {
      const res = await fetch(`${b.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
      expect(res.status, path).toBe(421);
      expect((await res.json()).error).toMatch(/primary/);
    }
    expect((await fetch(`${a.server.url}/api/push/key`)).status).toBe(200);
  });
});
