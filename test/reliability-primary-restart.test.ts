// A primary killed and restarted numbers its deltas from 1 again; replicas and their clients must
// not take the new ones for old ones, but reload and follow the restarted primary by themselves.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createSplitcast, type Splitcast } from '../server/app';
import { configWith } from '../server/config';
import { GUN, min } from './fixtures';
import { freePort, startChildServer, type ChildServer } from './support/child-server';
import { reliabilityEvent } from './support/race-fixture';
import { RaceWatcher } from './support/race-watcher';
import { connectSocket, postReads, REDIS_URL, tempDataDir, type TestSocket, TEST_CLUSTER_TOKEN } from './support/servers';

const event = reliabilityEvent(20);
const TOKEN = 'restart-test-device-token';
let primary: ChildServer | null = null;
let replica: Splitcast | null = null;
let socket: TestSocket | null = null;
afterAll(async () => {
  socket?.close();
  await replica?.close();
  await primary?.kill();
});

describe('primary restart', () => {
  it('replicas and their clients follow a primary that was SIGKILLed and restarted', async () => {
    const cluster = { REDIS_URL, REDIS_PREFIX: `restart-${randomUUID()}`, CLUSTER_TOKEN: TEST_CLUSTER_TOKEN };
    const port = await freePort();
    const dataDir = tempDataDir();
    const start = () => startChildServer({ port, dataDir, event, token: TOKEN, env: cluster });
    primary = await start();
    replica = await createSplitcast(configWith({ ...cluster, ROLE: 'replica', PRIMARY_URL: primary.url, PORT: 0, HOST: '127.0.0.1' }));
    socket = await connectSocket(replica.url, { wholeRace: true });
    const watcher = new RaceWatcher(socket, event.id, '10k');
    await watcher.subscribe();
    // Spectators see no private entrant: the watcher follows public ones.
    const bibs = event.entrants.filter((e) => e.raceId === '10k' && e.status === 'registered' && !e.private).map((e) => e.bib);
    // Several updates, so the replica's sequence numbers are well ahead of a fresh start.
    for (const [i, bib] of bibs.slice(0, 6).entries()) {
      await postReads(primary.url, event.id, TOKEN, { reads: [{ point: 'start', chip: `C${bib}`, time: GUN + i * 1000 }] });
      await watcher.until((w) => w.rows.get(bib)?.lastPoint === 'start');
    }
    const seqBefore = watcher.seq;
    expect(seqBefore).toBeGreaterThan(3);

    await primary.kill('SIGKILL');
    primary = await start();
    await postReads(primary.url, event.id, TOKEN, { reads: [{ point: '5k', chip: `C${bibs[0]}`, time: GUN + min(19) }] });
    await watcher.until((w) => w.rows.get(bibs[0])?.lastPoint === '5k');
    await postReads(primary.url, event.id, TOKEN, { reads: [{ point: 'finish', chip: `C${bibs[0]}`, time: GUN + min(38) }] });
    await watcher.until((w) => w.rows.get(bibs[0])?.status === 'finished');
    const board = await (await fetch(`${replica.url}/api/events/${event.id}/races/10k/leaderboard`)).json();
    expect(board.entries[0]).toMatchObject({ bib: bibs[0], status: 'finished' });
  }, 60_000);
});
