// A synchronous standby (SYNC_STANDBY=1), with real processes on the real Redis: the leader
// answers a batch only once the standby has it on disk, so a read acknowledged just before the
// leader is killed (-9) is on the new leader; a standby that stops answering is left behind after
// SYNC_TIMEOUT_MS, and writes wait for it again once its copy has caught up.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { GUN } from './fixtures';
import { startChildServer, freePort, type ChildServer } from './support/child-server';
import { reliabilityEvent } from './support/race-fixture';
import { postReads, REDIS_URL, tempDataDir } from './support/servers';
import { waitFor } from './support/wait-for';
import { ADMIN, call, logIn } from './organizer-helpers';

const SYNC_TIMEOUT_MS = 1500;
const event = reliabilityEvent(40);
const TOKEN = 'sync-test-device-token';
const cluster = { REDIS_URL, REDIS_PREFIX: `sync-${randomUUID()}`, CLUSTER_TOKEN: randomUUID(), ROLE: 'standby', LEASE_MS: '1000', SYNC_STANDBY: '1', SYNC_TIMEOUT_MS: String(SYNC_TIMEOUT_MS), ORGANIZER_EMAIL: ADMIN.email, ORGANIZER_PASSWORD: ADMIN.password };
const children: ChildServer[] = [];
afterAll(async () => {
  for (const c of children) c.process.kill('SIGCONT');
  await Promise.all(children.map((c) => c.kill()));
});

interface Role {
  role: string;
  term: number;
  seq: number | null;
  standby?: { confirmedSeq: number; synchronous: boolean };
}
const roleOf = async (url: string): Promise<Role> => (await fetch(`${url}/api/cluster/role`)).json();
const leaderStatus = async (url: string) => (await fetch(`${url}/api/cluster/leader`)).status;
let n = 0;
const aRead = () => ({ reads: [{ point: 'start', chip: `C${(n % 40) + 1}`, time: GUN + ++n }] });

async function start(): Promise<ChildServer> {
  const child = await startChildServer({ port: await freePort(), dataDir: tempDataDir(), event, token: TOKEN, env: cluster });
  children.push(child);
  return child;
}

describe('a synchronous standby', () => {
  let leader: ChildServer;
  let standby: ChildServer;

  it('has every acknowledged batch on disk when the leader answers', async () => {
    leader = await start();
    standby = await start();
    expect((await roleOf(standby.url)).role).toBe('standby');
    for (let i = 0; i < 20; i++) {
      const res = await postReads(leader.url, event.id, TOKEN, aRead());
      expect(res.status).toBe(200);
      // No waiting: the answer came only once the standby had the batch.
      const [mine, copy] = await Promise.all([roleOf(leader.url), roleOf(standby.url)]);
      expect(copy.seq).toBe(mine.seq);
    }
    expect((await roleOf(leader.url)).standby).toMatchObject({ synchronous: true });
  });

  it('leaves a standby that stops answering behind after SYNC_TIMEOUT_MS, and waits for it again once it caught up', async () => {
    standby.process.kill('SIGSTOP');
    const started = performance.now();
    expect((await postReads(leader.url, event.id, TOKEN, aRead())).status).toBe(200);
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(SYNC_TIMEOUT_MS - 50);
    expect((await roleOf(leader.url)).standby).toMatchObject({ synchronous: false, leftBehind: true });
    // Alone now: the next batch does not wait.
    const next = performance.now();
    expect((await postReads(leader.url, event.id, TOKEN, aRead())).status).toBe(200);
    expect(performance.now() - next).toBeLessThan(SYNC_TIMEOUT_MS);
    standby.process.kill('SIGCONT');
    await waitFor(() => roleOf(leader.url), (r) => r.standby?.synchronous === true, 'the standby keeps up again');
  });

  it('a read acknowledged just before the leader is killed is on the new leader, with the organizers\' sessions, devices and audit', async () => {
    const cookie = await logIn(leader.url, ADMIN.email, ADMIN.password);
    const device = await call(leader.url, 'POST', `/api/organizer/events/${event.id}/devices`, { cookie, body: { name: 'mat made before the failover' } });
    expect(device.status).toBe(201);
    const res = await postReads(leader.url, event.id, TOKEN, aRead());
    expect(res.status).toBe(200);
    // The console's view of the cluster: the standby in step, writes waiting for it.
    const status = await call(leader.url, 'GET', '/api/organizer/cluster', { cookie });
    expect(status.body).toMatchObject({ clustered: true, standby: { lagReads: 0, synchronous: true }, replicas: [] });
    const acknowledged = (await roleOf(leader.url)).seq!;
    await leader.kill('SIGKILL');
    await waitFor(() => leaderStatus(standby.url), (s) => s === 200, 'the standby leads', 10_000);
    expect((await roleOf(standby.url)).seq).toBe(acknowledged);
    expect((await postReads(standby.url, event.id, TOKEN, aRead())).status).toBe(200);
    // The organizer is still logged in, the device made on the old leader posts, the audit has it.
    expect((await call(standby.url, 'GET', '/api/organizer/me', { cookie })).status).toBe(200);
    expect((await postReads(standby.url, event.id, device.body.token, aRead())).status).toBe(200);
    const audit = await call(standby.url, 'GET', `/api/organizer/events/${event.id}/audit`, { cookie });
    expect(audit.text).toContain('device.create');
  });
});
