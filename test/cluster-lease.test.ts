// Leadership by a Redis lease, with real processes on the real Redis: two standbys compete and
// exactly one leads; the other takes over when the leader is killed (-9) within about the lease;
// a leader that was paused past its lease and wakes up neither acknowledges nor publishes a write.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createSplitcast, type Splitcast } from '../server/app';
import { configWith } from '../server/config';
import { EXIT_DEPOSED } from '../server/cluster/leadership';
import { GUN } from './fixtures';
import { freePort, startChildServer, type ChildServer } from './support/child-server';
import { reliabilityEvent } from './support/race-fixture';
import { connectSocket, postReads, REDIS_URL, startPrimary, tempDataDir, type TestPrimary, type TestSocket, TEST_CLUSTER_TOKEN } from './support/servers';
import { waitFor } from './support/wait-for';

const LEASE_MS = 800;
const event = reliabilityEvent(20);
const TOKEN = 'lease-test-device-token';
// Public runners of the 10k, the race the spectator follows.
const bibs = event.entrants.filter((e) => e.raceId === '10k' && e.status === 'registered' && !e.private).map((e) => e.bib);
const read = (i: number, time = GUN) => ({ reads: [{ point: 'start', chip: `C${bibs[i]}`, time }] });
const children: ChildServer[] = [];
/** Each child's data folder, to start it again on it. */
const dataDirs = new Map<ChildServer, string>();
const closers: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await Promise.all(children.map((c) => c.kill()));
});

interface Role {
  role: string;
  term: number;
  seq: number | null;
}
const roleOf = async (url: string): Promise<Role> => (await fetch(`${url}/api/cluster/role`)).json();
const leaderStatus = async (url: string) => (await fetch(`${url}/api/cluster/leader`)).status;

async function standby(cluster: Record<string, string>, port?: number, dataDir = tempDataDir()): Promise<ChildServer> {
  const child = await startChildServer({ port: port ?? (await freePort()), dataDir, event, token: TOKEN, env: { ...cluster, ROLE: 'standby', LEASE_MS: String(LEASE_MS) } });
  children.push(child);
  dataDirs.set(child, dataDir);
  return child;
}

describe('role endpoints', () => {
  let primary: TestPrimary;
  let replica: Splitcast;
  it('a lone primary leads under term 0; a replica never leads', async () => {
    const cluster = { REDIS_URL, REDIS_PREFIX: `role-${randomUUID()}`, CLUSTER_TOKEN: TEST_CLUSTER_TOKEN };
    primary = await startPrimary({ config: cluster });
    closers.push(() => primary.server.close());
    replica = await createSplitcast(configWith({ ...cluster, ROLE: 'replica', PRIMARY_URL: primary.server.url, PORT: 0, HOST: '127.0.0.1' }));
    closers.push(() => replica.close());
    await postReads(primary.server.url, 'test-event', primary.token, read(0));
    expect(await roleOf(primary.server.url)).toEqual({ role: 'leader', term: 0, seq: 1 });
    expect(await leaderStatus(primary.server.url)).toBe(200);
    expect(await roleOf(replica.url)).toEqual({ role: 'replica', term: 0, seq: null });
    expect(await leaderStatus(replica.url)).toBe(503);
  });
});

describe('the leader lease', () => {
  const cluster = { REDIS_URL, REDIS_PREFIX: `lease-${randomUUID()}`, CLUSTER_TOKEN: TEST_CLUSTER_TOKEN };
  let a: ChildServer;
  let b: ChildServer;
  let aPort: number;
  let aData: string;
  let replica: Splitcast;
  let spectator: TestSocket;

  it('two standbys compete: exactly one leads, the other refuses writes', async () => {
    [a, b] = await Promise.all([standby(cluster), standby(cluster)]);
    const roles = await Promise.all([roleOf(a.url), roleOf(b.url)]);
    expect(roles.map((r) => r.role).sort()).toEqual(['leader', 'standby']);
    if (roles[0].role !== 'leader') [a, b] = [b, a];
    aPort = Number(new URL(a.url).port);
    aData = dataDirs.get(a)!;
    expect([await leaderStatus(a.url), await leaderStatus(b.url)]).toEqual([200, 503]);
    const refused = await postReads(b.url, event.id, TOKEN, read(0));
    expect(refused.status).toBe(503);
    expect((await refused.json()).error).toMatch(/standby: writes go to the leader/);
    expect((await postReads(a.url, event.id, TOKEN, read(0))).status).toBe(200);
    // A replica finds the leader through its lease (no PRIMARY_URL).
    replica = await createSplitcast(configWith({ ...cluster, ROLE: 'replica', PORT: 0, HOST: '127.0.0.1' }));
    closers.push(() => replica.close());
    spectator = await connectSocket(replica.url, { wholeRace: true });
    closers.push(() => spectator.close());
    const snapshot = await spectator.emitWithAck('race:subscribe', { eventId: event.id, raceId: '10k' });
    if (!snapshot.ok) throw new Error(snapshot.error);
    expect(snapshot.data.runners.find((r) => r.bib === bibs[0])?.lastPoint).toBe('start');
    expect(await roleOf(replica.url)).toEqual({ role: 'replica', term: (await roleOf(a.url)).term, seq: null });
  });

  it('the standby copies the leader\'s store as it grows', async () => {
    const leaderSeq = (await roleOf(a.url)).seq!;
    expect(leaderSeq).toBeGreaterThan(0);
    await waitFor(() => roleOf(b.url), (r) => r.seq === leaderSeq, 'the standby has every read');
  });

  it('the standby takes over within about the lease once the leader is killed, and the replica follows it', async () => {
    const before = await roleOf(a.url);
    const killedAt = performance.now();
    await a.kill('SIGKILL');
    await waitFor(() => roleOf(b.url), (r) => r.role === 'leader', 'standby holds the lease', 10_000);
    const leased = performance.now() - killedAt;
    // Then it opens its copy of the store as the leader's.
    await waitFor(() => leaderStatus(b.url), (s) => s === 200, 'standby serves as the leader', 10_000);
    const serving = performance.now() - killedAt;
    const after = await roleOf(b.url);
    console.log(`after kill -9: lease taken in ${Math.round(leased)} ms (lease ${LEASE_MS} ms), serving as the leader in ${Math.round(serving)} ms`);
    expect(leased).toBeLessThan(LEASE_MS + 400);
    expect(serving).toBeLessThan(10_000);
    expect(after.term).toBeGreaterThan(before.term);
    // From its copy: the device's token still works and the read the old leader acknowledged is there.
    expect(after.seq).toBe(before.seq);
    const board = await (await fetch(`${b.url}/api/events/${event.id}/runners/${bibs[0]}`)).json();
    expect(board).toMatchObject({ bib: bibs[0], lastPoint: 'start' });
    // Writes are taken by the new leader, and reach the replica's spectators.
    const seen = new Promise<void>((resolve) =>
      spectator.on('race:update', (u) => {
        if (u.runners.some((r) => r.bib === bibs[1] && r.lastPoint === 'start')) resolve();
      }),
    );
    await spectator.emitWithAck('race:subscribe', { eventId: event.id, raceId: '10k' });
    const res = await postReads(b.url, event.id, TOKEN, read(1, GUN + 1000));
    expect(res.status).toBe(200);
    await seen;
  });

  it('the old leader, restarted, joins as a standby, copies the new leader, and refuses writes', async () => {
    a = await standby(cluster, aPort, aData);
    const role = await roleOf(a.url);
    expect(role.role).toBe('standby');
    expect(role.term).toBe((await roleOf(b.url)).term);
    const leaderSeq = (await roleOf(b.url)).seq;
    await waitFor(() => roleOf(a.url), (r) => r.seq === leaderSeq, 'the restarted standby has the new leader\'s reads');
    expect((await postReads(a.url, event.id, TOKEN, read(2))).status).toBe(503);
  });

  it('a leader paused past its lease wakes up as a former leader: its write is neither acknowledged nor published, and it steps down by itself', async () => {
    // b leads, a stands by. Freeze b (a long GC pause, a frozen VM) until a has taken over.
    b.process.kill('SIGSTOP');
    await waitFor(() => leaderStatus(a.url), (s) => s === 200, 'standby leads', 10_000);
    const taken = await roleOf(a.url);
    let published = false;
    spectator.on('race:update', (u) => {
      if (u.runners.some((r) => r.bib === bibs[3] && r.lastPoint === 'start')) published = true;
    });
    // The write reaches b while it is frozen, and is answered when it wakes.
    const write = postReads(b.url, event.id, TOKEN, read(3)).then((r) => r.status, () => 'connection closed');
    await new Promise((r) => setTimeout(r, 50));
    b.process.kill('SIGCONT');
    // Refused, or cut off as it steps down: never acknowledged.
    expect(['connection closed', 503]).toContain(await write);
    // It finds its lease lapsed and stops by itself, for its supervisor to start it again as a standby.
    expect(await b.exited).toBe(EXIT_DEPOSED);
    // Something the new leader writes arrives after anything b could have sent: then b's read was not.
    const marker = new Promise<void>((resolve) =>
      spectator.on('race:update', (u) => {
        if (u.runners.some((r) => r.bib === bibs[4])) resolve();
      }),
    );
    const accepted = await postReads(a.url, event.id, TOKEN, read(4));
    expect(accepted.status, await accepted.clone().text()).toBe(200);
    await marker;
    expect(published).toBe(false);
    const runner = await (await fetch(`${replica.url}/api/events/${event.id}/runners/${bibs[3]}`)).json();
    expect(runner).toMatchObject({ bib: bibs[3], lastPoint: null });
    // Started again (as systemd or `npm run cluster` does), it follows the new leader under its term.
    const again = await standby(cluster, Number(new URL(b.url).port), dataDirs.get(b));
    const leaderSeq = (await roleOf(a.url)).seq;
    await waitFor(() => roleOf(again.url), (r) => r.role === 'standby' && r.term === taken.term && r.seq === leaderSeq, 'the former leader has the new leader\'s reads');
  });
});
