// The whole cluster on one machine (npm run cluster's own code) with real processes, real Redis and
// real HAProxy: devices post through the front door and reach the leader; the leader is killed (-9)
// and its data folder deleted mid-race; writes are accepted again through the same URL; a
// spectator's socket through the front door keeps receiving the race without reconnecting.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_EVENT_ID } from '../server/demo/demo-event';
import { freeLoopbackPort, startLocalCluster, type LocalCluster } from '../server/cluster/local-cluster';
import { EXIT_DEPOSED } from '../server/cluster/leadership';
import { RaceWatcher } from './support/race-watcher';
import { io as connect } from 'socket.io-client';
import { connectSocket, postReads, type TestSocket, TEST_CLUSTER_TOKEN } from './support/servers';
import { waitFor } from './support/wait-for';
import { ADMIN, call, logIn } from './organizer-helpers';

const LEASE_MS = 1000;
const TOKEN = 'front-door-test-device-token';
let cluster: LocalCluster | null = null;
let socket: TestSocket | null = null;
afterAll(async () => {
  socket?.close();
  await cluster?.stop();
});

interface Role {
  role: string;
  term: number;
  seq: number | null;
}
const roleOf = async (url: string): Promise<Role> => (await fetch(`${url}/api/cluster/role`)).json();
let readNo = 0;
/** A read no earlier read had (its time differs), as a device sends it, within the demo event's day. */
const aRead = () => ({ reads: [{ point: 'start', chip: 'TEST-CHIP', time: Date.now() + ++readNo }] });

describe('the front door', () => {
  it('starts a leader, a standby, a replica and HAProxy, each announced as it serves', async () => {
    const lines: { role: string }[] = [];
    cluster = await startLocalCluster({
      port: await freeLoopbackPort(),
      replicas: 2,
      sources: true,
      leaseMs: LEASE_MS,
      checkMs: 200,
      // The leader sets up and feeds the demo race; the standby copies it, device token included.
      env: { DEMO: '1', DEMO_DEVICE_TOKEN: TOKEN, DEMO_SPEED: '30', LOG_LEVEL: 'warn', ORGANIZER_EMAIL: ADMIN.email, ORGANIZER_PASSWORD: ADMIN.password, CLUSTER_TOKEN: TEST_CLUSTER_TOKEN },
      onServing: (p) => lines.push(p),
    });
    expect(lines.map((l) => l.role)).toEqual(['leader', 'standby', 'replica', 'replica', 'front']);
  }, 120_000);

  it('keeps a long-polling session on one replica (the client\'s fallback), by its cookie', async () => {
    // withCredentials: the Node client keeps the front door's cookie, as a browser does.
    const polling: TestSocket = connect(cluster!.front.url, { auth: { clusterToken: TEST_CLUSTER_TOKEN }, transports: ['polling'], upgrade: false, withCredentials: true, forceNew: true, reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => {
        polling.once('connect', () => resolve());
        polling.once('connect_error', reject);
      });
      const watcher = new RaceWatcher(polling, DEMO_EVENT_ID, 'marathon');
      await watcher.subscribe();
      // Several polls, balanced over two replicas without the cookie: each must reach the session's.
      let updates = 0;
      polling.on('race:update', () => updates++);
      await waitFor(async () => updates, (n) => n >= 3, 'updates over long-polling');
      expect(polling.connected).toBe(true);
    } finally {
      polling.close();
    }
  });

  it('devices post through the front door and their reads reach the leader only', async () => {
    const [leader, standby] = cluster!.processes;
    const before = await roleOf(leader.url);
    const res = await postReads(cluster!.front.url, DEMO_EVENT_ID, TOKEN, aRead());
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await res.json()).accepted).toBe(1);
    expect((await roleOf(leader.url)).seq).toBeGreaterThan(before.seq!);
    // The console, through the front door, sees the leader's cluster: the standby and both replicas.
    const cookie = await logIn(cluster!.front.url, ADMIN.email, ADMIN.password);
    const replicaUrls = cluster!.processes.filter((p) => p.role === 'replica').map((p) => p.url).sort();
    const status = await waitFor(() => call(cluster!.front.url, 'GET', '/api/organizer/cluster', { cookie }), (r) => r.body?.standby !== null, 'the standby in the console\'s view');
    expect(status.body).toMatchObject({ clustered: true, replicas: replicaUrls.map((url) => ({ url })) });
    // The standby copies the leader's log.
    const seq = (await roleOf(leader.url)).seq;
    await waitFor(() => roleOf(standby.url), (r) => r.role === 'standby' && r.seq! >= seq!, 'the standby has the leader\'s reads');
  });

  it('the leader is killed and its folder deleted: writes go on through the same URL, spectators keep receiving', async () => {
    const [leader, standby] = cluster!.processes;
    const front = cluster!.front.url;
    socket = await connectSocket(front, { wholeRace: true });
    let disconnected = false;
    socket.on('disconnect', () => (disconnected = true));
    const watcher = new RaceWatcher(socket, DEMO_EVENT_ID, 'marathon');
    await watcher.subscribe();
    let updates = 0;
    socket.on('race:update', () => updates++);
    await waitFor(async () => updates, (n) => n > 0, 'a race update before the kill');

    // Every read the leader acknowledged so far is on the standby before the kill (without a synchronous standby, the last few might not be).
    const acknowledged = (await roleOf(leader.url)).seq!;
    await waitFor(() => roleOf(standby.url), (r) => r.seq! >= acknowledged, 'the standby has caught up');
    const killedAt = performance.now();
    const gone = new Promise((r) => leader.child.once('exit', r));
    leader.child.kill('SIGKILL');
    await gone;
    rmSync(leader.dataDir, { recursive: true, force: true });
    await waitFor(() => postReads(front, DEMO_EVENT_ID, TOKEN, aRead()).then((r) => r.status), (s) => s === 200, 'a write accepted through the front door', 10_000);
    const failover = performance.now() - killedAt;
    console.log(`writes accepted again through the front door ${Math.round(failover)} ms after kill -9 (lease ${LEASE_MS} ms)`);
    expect(failover).toBeLessThan(10_000);
    expect(await roleOf(standby.url)).toMatchObject({ role: 'leader' });
    expect((await roleOf(standby.url)).seq).toBeGreaterThanOrEqual(acknowledged);

    // The same socket receives the new leader's race: a runner on the course finishes.
    const runner = [...watcher.rows.values()].find((r) => r.status === 'onCourse' && r.lastTime !== null)!;
    const finish = { reads: [{ point: 'finish', bib: runner.bib, time: runner.lastTime! + 3_600_000 }] };
    expect((await postReads(front, DEMO_EVENT_ID, TOKEN, finish)).status).toBe(200);
    await watcher.until((w) => w.rows.get(runner.bib)?.status === 'finished');
    expect(disconnected).toBe(false);
  });

  it('a leader paused past its lease steps down by itself and is started again as the standby', async () => {
    const [killed, leading] = cluster!.processes;
    const back = await cluster!.restart(killed);
    const leaderSeq = (await roleOf(leading.url)).seq!;
    await waitFor(() => roleOf(back.url), (r) => r.seq! >= leaderSeq, 'the restarted standby has copied the leader');
    const count = cluster!.processes.length;
    leading.child.kill('SIGSTOP');
    await waitFor(() => roleOf(back.url), (r) => r.role === 'leader', 'the standby takes the lease', 10_000);
    const exited = new Promise<number | null>((r) => leading.child.once('exit', (code) => r(code)));
    leading.child.kill('SIGCONT');
    expect(await exited).toBe(EXIT_DEPOSED);
    // `npm run cluster` starts it again on the same port and folder: it copies the new leader.
    await waitFor(async () => cluster!.processes.length, (n) => n === count + 1, 'the former leader started again', 60_000);
    const again = cluster!.processes.at(-1)!;
    expect(again.url).toBe(leading.url);
    const term = (await roleOf(back.url)).term;
    await waitFor(() => postReads(cluster!.front.url, DEMO_EVENT_ID, TOKEN, aRead()).then((r) => r.status), (s) => s === 200, 'a write through the front door', 10_000);
    const seq = (await roleOf(back.url)).seq!;
    await waitFor(() => roleOf(again.url), (r) => r.role === 'standby' && r.term === term && r.seq! >= seq, 'the former leader copies the new one');
  }, 120_000);

  it('Ctrl-C stops every process of `npm run cluster`', async () => {
    const port = await freeLoopbackPort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cluster/cluster-cli.ts', '--port', String(port), '--replicas', '1', '--sources', '--lease-ms', '1000'], {
      cwd: resolve(import.meta.dirname, '..'),
      env: { ...process.env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines: { role: string; pid?: number; url: string }[] = [];
    await new Promise<void>((done, fail) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const complete = out.split('\n').slice(0, -1);
        lines.splice(0, lines.length, ...complete.map((l) => JSON.parse(l)));
        if (lines.some((l) => l.role === 'front')) done();
      });
      child.once('exit', (code) => fail(new Error(`npm run cluster exited (${code})`)));
    });
    expect(lines.map((l) => l.role)).toEqual(['leader', 'standby', 'replica', 'front']);
    expect((await fetch(`${lines[3].url}/api/cluster/role`)).status).toBe(200);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    await exited;
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(lines.filter((l) => l.pid !== undefined && alive(l.pid))).toEqual([]);
    await expect(fetch(`${lines[3].url}/api/cluster/role`)).rejects.toThrow();
  }, 120_000);
});
