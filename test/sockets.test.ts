// Socket.IO against the real server: snapshot, coalesced deltas, gap detection, followed runners.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RaceSnapshot } from '../shared/views';
import { GUN, min } from './fixtures';
import { ManualScheduler } from './support/manual-scheduler';
import { connectSocket, nextUpdate, postReads, startPrimary, type TestPrimary, type TestSocket } from './support/servers';

let p: TestPrimary;
let socket: TestSocket;

beforeAll(async () => {
  p = await startPrimary({ config: { COALESCE_MS: 100 } });
  socket = await connectSocket(p.server.url, { wholeRace: true });
});
afterAll(async () => {
  socket.close();
  await p.server.close();
});

const subscribe = (raceId: string) =>
  socket.emitWithAck('race:subscribe', { eventId: 'test-event', raceId }).then((res) => {
    if (!res.ok) throw new Error(res.error);
    return res.data as RaceSnapshot;
  });

describe('race subscription', () => {
  it('acks a snapshot with a sequence number, then pushes updates in sequence', async () => {
    const snapshot = await subscribe('10k');
    expect(snapshot.runners.map((r) => r.bib).sort()).toEqual(['1', '2', '3', '4']);
    const update = nextUpdate(socket, 'race:update', (u) => u.raceId === '10k');
    await postReads(p.server.url, 'test-event', p.token, { reads: [{ point: 'start', chip: 'C1', time: GUN }] });
    const [u] = await update;
    expect(u.seq).toBe(snapshot.seq + 1);
    expect(u.runners.map((r) => r.bib)).toEqual(['1']);
    expect(u.counters.started).toBe(1);
  });

  it('refuses a malformed subscription with a message, and the server carries on', async () => {
    const res = await socket.emitWithAck('race:subscribe', { eventId: 'test-event' } as never);
    expect(res).toMatchObject({ ok: false });
    expect(!res.ok && res.error).toMatch(/raceId/);
    const missing = await socket.emitWithAck('race:subscribe', { eventId: 'test-event', raceId: 'nope' });
    expect(!missing.ok && missing.error).toMatch(/no race "nope"/);
    expect((await subscribe('loop')).raceId).toBe('loop');
  });

  it('leaves a private entrant out of snapshots and updates, counting them', async () => {
    const snapshot = await subscribe('loop');
    expect(snapshot.runners.find((r) => r.bib === '5')).toBeUndefined();
    expect(snapshot.counters.registered).toBe(1);
    const update = nextUpdate(socket, 'race:update', (u) => u.raceId === 'loop');
    await postReads(p.server.url, 'test-event', p.token, { reads: [{ point: 'lap', chip: 'C5', time: GUN + min(3) }] });
    const [u] = await update;
    expect(JSON.stringify(u)).not.toContain('Eli');
    expect(u.runners).toEqual([]);
  });

  it('pushes a followed runner with splits', async () => {
    const res = await socket.emitWithAck('runners:follow', { eventId: 'test-event', bibs: ['2'] });
    expect(res.ok).toBe(true);
    const update = nextUpdate(socket, 'runner:update', (u) => u.runner.bib === '2' && u.runner.status === 'finished');
    await postReads(p.server.url, 'test-event', p.token, { reads: [{ point: 'finish', bib: '2', time: GUN + min(40) }] });
    const [u] = await update;
    expect(u.runner.splits.map((s) => s.point)).toContain('finish');
  });
});

describe('the coalescer', () => {
  it('turns a burst of 500 reads at a mat into exactly one update, sent when its window ends', async () => {
    const scheduler = new ManualScheduler();
    // No engine snapshots nor idle collections: their timers would share the scheduler this test counts.
    const q = await startPrimary({ scheduler, config: { SNAPSHOT_MS: 0, IDLE_GC: false } });
    const client = await connectSocket(q.server.url, { wholeRace: true });
    try {
      const snapshot = await client.emitWithAck('race:subscribe', { eventId: 'test-event', raceId: '10k' });
      if (!snapshot.ok) throw new Error(snapshot.error);
      const updates: number[] = [];
      client.on('race:update', (u) => {
        if (u.raceId === '10k') updates.push(u.runners.length);
      });
      const reads = Array.from({ length: 500 }, (_, i) => ({ point: '5k', bib: String((i % 3) + 1), time: GUN + min(20) + i * 100 }));
      expect((await postReads(q.server.url, 'test-event', q.token, { reads })).status).toBe(200);
      expect(scheduler.pending()).toBe(1);
      expect(updates).toEqual([]);
      const update = nextUpdate(client, 'race:update', (u) => u.raceId === '10k');
      scheduler.runAll();
      await update;
      // An acked round trip after the update: anything sent before it has arrived by now.
      await client.emitWithAck('race:subscribe', { eventId: 'test-event', raceId: 'loop' });
      expect(updates).toEqual([3]);
      expect(scheduler.pending()).toBe(0);
    } finally {
      client.close();
      await q.server.close();
    }
  });
});
