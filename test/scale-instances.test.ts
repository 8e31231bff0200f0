// Three instances on the real Redis (one primary, two replicas): clients on every instance see the
// same race updates in the same order, and an instance started late converges on the same state.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSplitcast, type Splitcast } from '../server/app';
import { configWith } from '../server/config';
import type { RaceSnapshot, RunnerRow } from '../shared/views';
import { GUN, min } from './fixtures';
import { connectSocket, nextUpdate, postReads, REDIS_URL, startPrimary, type TestPrimary, type TestSocket, TEST_CLUSTER_TOKEN } from './support/servers';

const cluster = { REDIS_URL, REDIS_PREFIX: `test-scale-${randomUUID()}`, CLUSTER_TOKEN: TEST_CLUSTER_TOKEN };
const startReplica = (primaryUrl: string) =>
  createSplitcast(configWith({ ...cluster, ROLE: 'replica', PRIMARY_URL: primaryUrl, PORT: 0, HOST: '127.0.0.1' }));

interface Seen {
  seq: number;
  rows: string[];
}

/** What a client saw: the snapshot's seq, then every 10 km update as (seq, bib@lastPoint). */
async function watch(socket: TestSocket): Promise<{ snapshot: RaceSnapshot; seen: Seen[] }> {
  const seen: Seen[] = [];
  socket.on('race:update', (u) => {
    if (u.raceId === '10k') seen.push({ seq: u.seq, rows: u.runners.map((r) => `${r.bib}@${r.lastPoint}`).sort() });
  });
  const res = await socket.emitWithAck('race:subscribe', { eventId: 'test-event', raceId: '10k' });
  if (!res.ok) throw new Error(res.error);
  return { snapshot: res.data as RaceSnapshot, seen };
}

const board = async (url: string) => (await (await fetch(`${url}/api/events/test-event/races/10k/leaderboard`)).json()) as { entries: RunnerRow[] };

let primary: TestPrimary;
const replicas: Splitcast[] = [];
const sockets: TestSocket[] = [];

beforeAll(async () => {
  primary = await startPrimary({ config: { ...cluster, COALESCE_MS: 10 } });
  replicas.push(await startReplica(primary.server.url), await startReplica(primary.server.url));
});
afterAll(async () => {
  for (const s of sockets) s.close();
  for (const r of replicas) await r.close();
  await primary?.server.close();
});

describe('three instances through Redis', () => {
  it('clients on every instance see the same updates in the same order', async () => {
    const urls = [primary.server.url, ...replicas.map((r) => r.url)];
    const clients = await Promise.all(urls.map(async (url) => {
      const socket = await connectSocket(url, { wholeRace: true });
      sockets.push(socket);
      return { socket, ...(await watch(socket)) };
    }));
    const firstSeq = clients[0].snapshot.seq;
    for (const c of clients) expect(c.snapshot.seq).toBe(firstSeq);

    // Separate posts, each waited for, so the primary publishes several numbered deltas.
    const posts = [
      [{ point: 'start', chip: 'C1', time: GUN }, { point: 'start', chip: 'C2', time: GUN + 3_000 }],
      [{ point: '5k', chip: 'C1', time: GUN + min(21) }],
      [{ point: 'start', chip: 'C3', time: GUN + 9_000 }, { point: '5k', chip: 'C2', time: GUN + min(24) }],
      [{ point: 'finish', chip: 'C1', time: GUN + min(43) }],
    ];
    for (const reads of posts) {
      const delivered = clients.map((c) => nextUpdate(c.socket, 'race:update', (u) => u.raceId === '10k' && reads.every((r) => u.runners.some((row) => row.bib === r.chip.slice(1) && row.lastPoint === r.point))));
      const res = await postReads(primary.server.url, 'test-event', primary.token, { reads });
      expect(res.status).toBe(200);
      await Promise.all(delivered);
    }

    const [reference, ...others] = clients.map((c) => c.seen);
    expect(reference.length).toBeGreaterThanOrEqual(posts.length);
    // Consecutive sequence numbers from the snapshot on: nothing missed, nothing out of order.
    expect(reference.map((s) => s.seq)).toEqual(reference.map((_, i) => firstSeq + i + 1));
    for (const seen of others) expect(seen).toEqual(reference);
    expect(reference.at(-1)!.rows).toEqual(['1@finish']);

    const boards = await Promise.all(urls.map(board));
    for (const b of boards.slice(1)) expect(b.entries).toEqual(boards[0].entries);
    expect(boards[0].entries[0]).toMatchObject({ bib: '1', status: 'finished' });
  });

  it('an instance started late converges from the primary\'s state, then follows the deltas', async () => {
    const late = await startReplica(primary.server.url);
    replicas.push(late);
    // It never saw the earlier deltas on Redis, yet holds the same standings and sequence number.
    expect((await board(late.url)).entries).toEqual((await board(primary.server.url)).entries);
    expect(late.hub.mirror('test-event')!.seq('10k')).toBe(primary.server.hub.mirror('test-event')!.seq('10k'));

    const socket = await connectSocket(late.url, { wholeRace: true });
    sockets.push(socket);
    const { snapshot } = await watch(socket);
    const update = nextUpdate(socket, 'race:update', (u) => u.runners.some((r) => r.bib === '3' && r.lastPoint === '5k'));
    await postReads(primary.server.url, 'test-event', primary.token, { reads: [{ point: '5k', chip: 'C3', time: GUN + min(26) }] });
    const [u] = await update;
    expect(u.seq).toBe(snapshot.seq + 1);
    expect((await board(late.url)).entries).toEqual((await board(primary.server.url)).entries);
  });

  it('a replica that missed deltas (a gap) fetches a fresh state and converges', async () => {
    const replica = replicas[0];
    const mirror = replica.hub.mirror('test-event')!;
    const seq = mirror.seq('10k')!;
    // A delta from the future: the replica cannot apply it and must resync from the primary.
    replica.hub.applyDelta({ eventId: 'test-event', raceId: '10k', seq: seq + 5, counters: mirror.counters('10k')!, runners: [], removed: [] });
    await replica.hub.resync('test-event');
    expect(replica.hub.mirror('test-event')!.seq('10k')).toBe(primary.server.hub.mirror('test-event')!.seq('10k'));
    expect((await board(replica.url)).entries).toEqual((await board(primary.server.url)).entries);
  });
});
