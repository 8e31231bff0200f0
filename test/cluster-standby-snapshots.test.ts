// A standby copies the leader's engine snapshots beside its copy of the store, so a takeover stands
// the engines up from a snapshot and the reads after it, not from the whole log; the race it then
// serves is the one the old leader served. Real processes on the real Redis.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GUN } from './fixtures';
import { startChildServer, freePort, type ChildServer } from './support/child-server';
import { leaderboards, reliabilityEvent } from './support/race-fixture';
import { postReads, REDIS_URL, tempDataDir } from './support/servers';
import { waitFor } from './support/wait-for';

const event = reliabilityEvent(40);
const TOKEN = 'snapshot-copy-device-token';
const cluster = { REDIS_URL, REDIS_PREFIX: `snapshots-${randomUUID()}`, CLUSTER_TOKEN: randomUUID(), ROLE: 'standby', LEASE_MS: '2000', SYNC_STANDBY: '1', SNAPSHOT_MS: '200', CHILD_LOG_LEVEL: 'info' };
const children: ChildServer[] = [];
afterAll(async () => {
  await Promise.all(children.map((c) => c.kill()));
});

async function start(dataDir: string): Promise<{ child: ChildServer; logs: () => string }> {
  const child = await startChildServer({ port: await freePort(), dataDir, event, token: TOKEN, env: cluster });
  children.push(child);
  let later = '';
  child.process.stdout!.on('data', (d: Buffer) => (later += d.toString()));
  return { child, logs: () => child.startup + later };
}

let n = 0;
const aBatch = () => ({ reads: Array.from({ length: 10 }, () => ({ point: ['start', '5k', 'finish'][n % 3], chip: `C${(n % 40) + 1}`, time: GUN + 60_000 * (n % 3) * 25 + ++n })) });

/**
 * The leader's boards once they stop changing: it publishes what it applied within a coalescing
 * window (well under a second), so boards unchanged for 1.5 s show every acknowledged read.
 */
async function settledBoards(url: string): Promise<Record<string, unknown>> {
  let last = '';
  let since = Date.now();
  const deadline = Date.now() + 15_000;
  for (;;) {
    const boards = await leaderboards(url, event);
    const text = JSON.stringify(boards);
    if (text !== last) [last, since] = [text, Date.now()];
    else if (Date.now() - since >= 1_500) return boards;
    if (Date.now() > deadline) throw new Error('the leader\'s boards kept changing');
    await new Promise((r) => setTimeout(r, 100));
  }
}
const leaderStatus = async (url: string) => (await fetch(`${url}/api/cluster/leader`)).status;

describe('a standby with the leader\'s engine snapshots', () => {
  it('takes over from a snapshot and the reads after it, and serves the same race', async () => {
    const leader = await start(tempDataDir());
    const standbyDir = tempDataDir();
    const standby = await start(standbyDir);
    for (let i = 0; i < 10; i++) expect((await postReads(leader.child.url, event.id, TOKEN, aBatch())).status).toBe(200);
    // The leader snapshots once reads stop; the standby copies it with its next answer.
    await waitFor(async () => existsSync(join(standbyDir, 'snapshots', `${event.id}.snapshot`)), (there) => there, 'the standby has the leader\'s snapshot');
    // Reads after the snapshot: the takeover takes them from the log.
    for (let i = 0; i < 3; i++) expect((await postReads(leader.child.url, event.id, TOKEN, aBatch())).status).toBe(200);
    // What the leader shows once it has published the last batch (its boards follow its reads within a coalescing window).
    const before = await settledBoards(leader.child.url);
    await leader.child.kill('SIGKILL');
    await waitFor(() => leaderStatus(standby.child.url), (s) => s === 200, 'the standby leads', 15_000);
    const rebuilt = standby
      .logs()
      .split('\n')
      .filter((l) => l.includes('event rebuilt from the durable log'))
      .map((l) => JSON.parse(l) as { eventId: string; from: string; reads: number });
    expect(rebuilt).toEqual([expect.objectContaining({ eventId: event.id, from: 'snapshot' })]);
    expect(rebuilt[0].reads).toBeGreaterThan(0);
    expect(await leaderboards(standby.child.url, event)).toEqual(before);
  });
});
