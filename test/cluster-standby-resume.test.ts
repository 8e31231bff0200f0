// A standby process that restarts resumes its copy where it stopped while the same leader leads,
// instead of copying the leader's store again from the start; a former leader's file, or a copy
// of another leader, is made again from the start; a leader that took its lapsed lease again (no
// one led in between) leads on, and its standby goes on with its copy. Real processes on the real Redis.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { leaseKeys } from '../server/cluster/lease-keys';
import { GUN } from './fixtures';
import { startChildServer, freePort, type ChildServer } from './support/child-server';
import { reliabilityEvent } from './support/race-fixture';
import { postReads, REDIS_URL, tempDataDir } from './support/servers';
import { waitFor } from './support/wait-for';

const event = reliabilityEvent(40);
const TOKEN = 'resume-test-device-token';
const cluster = { REDIS_URL, REDIS_PREFIX: `resume-${randomUUID()}`, CLUSTER_TOKEN: randomUUID(), ROLE: 'standby', LEASE_MS: '3000', CHILD_LOG_LEVEL: 'info' };
const children: ChildServer[] = [];
afterAll(async () => {
  await Promise.all(children.map((c) => c.kill()));
});

interface Instance {
  child: ChildServer;
  port: number;
  dataDir: string;
  /** Everything it logged so far. */
  logs: () => string;
}

const instances: Instance[] = [];
async function start(port: number, dataDir: string): Promise<Instance> {
  const child = await startChildServer({ port, dataDir, event, token: TOKEN, env: cluster });
  children.push(child);
  let later = '';
  child.process.stdout!.on('data', (d: Buffer) => (later += d.toString()));
  const instance = { child, port, dataDir, logs: () => child.startup + later };
  instances.push(instance);
  return instance;
}

const roleOf = async (url: string): Promise<{ role: string; term: number; seq: number | null }> => (await fetch(`${url}/api/cluster/role`)).json();
const leaderStatus = async (url: string) => (await fetch(`${url}/api/cluster/leader`)).status;
let n = 0;
const aBatch = () => ({ reads: Array.from({ length: 5 }, () => ({ point: 'start', chip: `C${(n % 40) + 1}`, time: GUN + ++n })) });

async function post(url: string, batches: number): Promise<void> {
  for (let i = 0; i < batches; i++) expect((await postReads(url, event.id, TOKEN, aBatch())).status).toBe(200);
}

async function copied(from: Instance, to: Instance): Promise<void> {
  const seq = (await roleOf(from.child.url)).seq;
  await waitFor(() => roleOf(to.child.url), (r) => r.seq === seq, 'the standby has the leader\'s reads');
}

const FROM_THE_START = 'copying the leader of this term from the start';
const RESUMED = 'resuming its copy where it stopped';

describe('a restarted standby', () => {
  let leader: Instance;
  let standby: Instance;

  it('resumes its copy where it stopped while the same leader leads', async () => {
    leader = await start(await freePort(), tempDataDir());
    standby = await start(await freePort(), tempDataDir());
    await post(leader.child.url, 20);
    await copied(leader, standby);
    expect(standby.logs()).toContain(FROM_THE_START);
    await standby.child.kill('SIGKILL');
    // Reads stored while it is away come with the rest of the copy.
    await post(leader.child.url, 10);
    standby = await start(standby.port, standby.dataDir);
    await copied(leader, standby);
    await waitFor(async () => standby.logs(), (logs) => logs.includes(RESUMED), 'the standby says it resumed');
    expect(standby.logs()).not.toContain(FROM_THE_START);
  });

  it('copies a new leader from the start, then resumes that copy after a restart', async () => {
    await leader.child.kill('SIGKILL');
    await waitFor(() => leaderStatus(standby.child.url), (s) => s === 200, 'the standby leads', 10_000);
    await post(standby.child.url, 5);
    // The former leader's file may hold reads the new leader never had: it is copied again.
    const former = await start(leader.port, leader.dataDir);
    await copied(standby, former);
    expect(former.logs()).toContain(FROM_THE_START);
    expect(former.logs()).not.toContain(RESUMED);
    // And the new copy is resumed by the next restart (a clean one this time).
    await former.child.kill('SIGTERM');
    await post(standby.child.url, 5);
    const again = await start(leader.port, leader.dataDir);
    await copied(standby, again);
    await waitFor(async () => again.logs(), (logs) => logs.includes(RESUMED), 'the copy is resumed');
    expect(again.logs()).not.toContain(FROM_THE_START);
  });

  it('copies from the start when its last read is not the leader\'s', async () => {
    const copy = children.at(-1)!;
    await copy.kill('SIGKILL');
    // The same term, but a file that is not a prefix of the leader's (as after a reset of Redis's term counter).
    const db = new Database(join(leader.dataDir, 'splitcast.db'));
    db.prepare("UPDATE reads SET read_key = 'not the leader''s' WHERE seq = (SELECT max(seq) FROM reads)").run();
    db.close();
    const again = await start(leader.port, leader.dataDir);
    await waitFor(async () => again.logs(), (logs) => logs.includes(FROM_THE_START), 'the copy is made again');
    await copied(standby, again);
    expect(again.logs()).not.toContain(RESUMED);
  });
});

describe('a leader whose lease lapsed and that no one else took', () => {
  it('takes it again and leads on, and its standby goes on with its copy', async () => {
    const alive = instances.filter((i) => i.child.process.exitCode === null && i.child.process.signalCode === null);
    const roles = await Promise.all(alive.map((i) => roleOf(i.child.url)));
    const leading = alive[roles.findIndex((r) => r.role === 'leader')];
    const copy = alive[roles.findIndex((r) => r.role === 'standby')];
    const { term } = await roleOf(leading.child.url);
    const redis = createClient({ url: REDIS_URL });
    await redis.connect();
    try {
      // The standby cannot take the lease; the leader is frozen until its lease is gone from Redis.
      copy.child.process.kill('SIGSTOP');
      leading.child.process.kill('SIGSTOP');
      await waitFor(() => redis.get(leaseKeys(cluster.REDIS_PREFIX).lease), (v) => v === null, 'the lease lapsed', 20_000);
      leading.child.process.kill('SIGCONT');
      await waitFor(() => roleOf(leading.child.url), (r) => r.role === 'leader' && r.term === term + 1, 'the leader took its lease again');
      expect(leading.logs()).toContain('leading again after the lease lapsed');
      await post(leading.child.url, 3);
      const copiedBefore = copy.logs().split(FROM_THE_START).length;
      copy.child.process.kill('SIGCONT');
      await waitFor(async () => copy.logs(), (logs) => logs.includes('the same leader leads under a new term'), 'the standby goes on with its copy');
      await copied(leading, copy);
      expect(copy.logs().split(FROM_THE_START).length).toBe(copiedBefore);
      expect(leading.child.process.exitCode).toBeNull();
    } finally {
      copy.child.process.kill('SIGCONT');
      leading.child.process.kill('SIGCONT');
      await redis.close();
    }
  });
});
