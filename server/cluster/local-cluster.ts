// A whole cluster on one machine, all on 127.0.0.1: Redis (the one at REDIS_URL when it answers,
// else one started here), a leader and a standby (both ROLE=standby: whoever holds the lease
// leads), N replicas that follow whoever leads, and HAProxy in front. For trying the cluster and
// for testing it with real processes; docs/cluster.md describes the same on real hosts.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from 'redis';
import { freeLoopbackPort } from './free-port';
import { HAPROXY } from './haproxy-bin';
import { EXIT_DEPOSED } from './leadership';

export { freeLoopbackPort };
import { renderHaproxyConfig } from './haproxy-config';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export type ProcessRole = 'leader' | 'standby' | 'replica';

export interface ClusterProcess {
  role: ProcessRole;
  pid: number;
  url: string;
  dataDir: string;
  child: ChildProcess;
}

export interface LocalClusterOptions {
  /** The front door's port. */
  port: number;
  replicas: number;
  /** Where every instance's data folder and log go; default: a new folder under the system's temp folder. */
  dataDir?: string;
  leaseMs?: number;
  /** Run the TypeScript sources through tsx instead of the compiled server (no build first; no client unless built). */
  sources?: boolean;
  /** Health check interval of the front door. */
  checkMs?: number;
  /** Extra environment for every instance (organizer account, log level, …). */
  env?: Record<string, string>;
  /** Told of each process once it serves, in start order. */
  onServing?: (p: { role: ProcessRole | 'front'; pid?: number; url: string; dataDir?: string }) => void;
}

export interface LocalCluster {
  front: { url: string; pid: number };
  redisUrl: string;
  processes: ClusterProcess[];
  /** Starts one more candidate for leadership (a killed leader coming back) on the same port and folder. */
  restart(p: ClusterProcess): Promise<ClusterProcess>;
  stop(): Promise<void>;
}

async function redisAnswers(url: string): Promise<boolean> {
  const client = createClient({ url, socket: { connectTimeout: 1000, reconnectStrategy: false } });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    if (client.isOpen) client.destroy();
  }
}

/** Resolves once `probe` is true; rejects when the process exits first or time runs out. */
async function until(what: string, probe: () => Promise<boolean>, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${what}: the process exited (${child.exitCode ?? child.signalCode})`);
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not serving after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const roleAt = async (url: string): Promise<string | null> => {
  const res = await fetch(`${url}/api/cluster/role`, { signal: AbortSignal.timeout(2000) });
  return res.ok ? ((await res.json()) as { role: string }).role : null;
};

export async function startLocalCluster(options: LocalClusterOptions): Promise<LocalCluster> {
  const base = resolve(options.dataDir ?? mkdtempSync(join(tmpdir(), 'splitcast-cluster-')));
  mkdirSync(base, { recursive: true });
  const children: ChildProcess[] = [];
  let stopping = false;
  const stopAll = async () => {
    stopping = true;
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((done) => {
            if (c.exitCode !== null || c.signalCode !== null) return done();
            c.once('exit', () => done());
            c.kill('SIGTERM');
            // An instance that does not stop in time is killed.
            setTimeout(() => c.kill('SIGKILL'), 5000).unref();
          }),
      ),
    );
  };

  try {
    // Redis: the one that answers, or one of our own that goes away with the cluster.
    let redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    if (!(await redisAnswers(redisUrl))) {
      const port = await freeLoopbackPort();
      const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'ignore', 'inherit'] });
      children.push(redis);
      redisUrl = `redis://127.0.0.1:${port}`;
      await until('redis', () => redisAnswers(redisUrl), redis, 10_000);
    }

    if (!options.sources) {
      // Built once here, so the instances do not all build at once.
      const built = spawnSync(process.execPath, [join(ROOT, 'server/build/build-changed.js')], { cwd: ROOT, stdio: ['ignore', 2, 2] });
      if (built.status !== 0) throw new Error('the build failed');
    }

    const shared = {
      // Off unless asked for: a demo fed on one machine is no cluster's race.
      DEMO: process.env.DEMO ?? '0',
      // The leader answers a batch once the standby has it on disk too.
      SYNC_STANDBY: process.env.SYNC_STANDBY ?? '1',
      // Every request comes through HAProxy on loopback: the client's address is the one it
      // forwards, so the caps per address count spectators, not the front door.
      TRUST_PROXY: 'loopback',
      ...options.env,
      REDIS_URL: redisUrl,
      // Its own keys and channels: several clusters (and test runs) can share one Redis.
      REDIS_PREFIX: `cluster-${randomBytes(6).toString('hex')}`,
      CLUSTER_TOKEN: options.env?.CLUSTER_TOKEN ?? randomBytes(24).toString('hex'),
      LEASE_MS: String(options.leaseMs ?? 5000),
      HOST: '127.0.0.1',
    };

    const launch = async (role: ProcessRole, name: string, port: number): Promise<ClusterProcess> => {
      const dataDir = join(base, name);
      mkdirSync(dataDir, { recursive: true });
      const args = options.sources ? ['--import', 'tsx', join(ROOT, 'server/main.ts')] : [join(ROOT, 'server/start.js')];
      const log = createWriteStream(join(base, `${name}.log`), { flags: 'a' });
      const child = spawn(process.execPath, args, {
        cwd: ROOT,
        env: { ...process.env, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2', ...shared, ROLE: role === 'replica' ? 'replica' : 'standby', PORT: String(port), DATA_DIR: dataDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.pipe(log);
      child.stderr!.pipe(log);
      children.push(child);
      const url = `http://127.0.0.1:${port}`;
      // A candidate serves once it knows its role: the first takes the lease, the second stands by.
      await until(`${name} at ${url}`, async () => (await roleAt(url)) === (role === 'replica' ? 'replica' : role), child);
      const p = { role, pid: child.pid!, url, dataDir, child };
      options.onServing?.({ role, pid: p.pid, url, dataDir });
      // A leader that lost its lease while running stops by itself: started again, as systemd
      // does, it joins as the standby.
      if (role !== 'replica') {
        child.once('exit', (code) => {
          if (code === EXIT_DEPOSED && !stopping) void launch('standby', name, port).then((again) => processes.push(again), () => {});
        });
      }
      return p;
    };

    const processes: ClusterProcess[] = [];
    processes.push(await launch('leader', 'leader', await freeLoopbackPort()));
    processes.push(await launch('standby', 'standby', await freeLoopbackPort()));
    for (let i = 1; i <= options.replicas; i++) processes.push(await launch('replica', `replica-${i}`, await freeLoopbackPort()));

    const host = (url: string) => new URL(url).host;
    const config = renderHaproxyConfig({
      bind: `127.0.0.1:${options.port}`,
      candidates: processes.filter((p) => p.role !== 'replica').map((p) => host(p.url)),
      replicas: processes.filter((p) => p.role === 'replica').map((p) => host(p.url)),
      checkMs: options.checkMs ?? 500,
      // Within an ordinary shell's file limit.
      maxconn: 4000,
    });
    const configFile = join(base, 'haproxy.cfg');
    writeFileSync(configFile, config);
    const haproxyLog = createWriteStream(join(base, 'haproxy.log'), { flags: 'a' });
    // -db: in the foreground, so it stops with the cluster.
    const haproxy = spawn(HAPROXY, ['-db', '-f', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    haproxy.stdout!.pipe(haproxyLog);
    haproxy.stderr!.pipe(haproxyLog);
    children.push(haproxy);
    const front = `http://127.0.0.1:${options.port}`;
    // Serving once a write route reaches the leader through it (401 without a session, not 503).
    await until('the front door', async () => (await fetch(`${front}/api/organizer/me`, { signal: AbortSignal.timeout(2000) })).status === 401, haproxy, 30_000);
    options.onServing?.({ role: 'front', url: front });

    return {
      front: { url: front, pid: haproxy.pid! },
      redisUrl,
      processes,
      async restart(p) {
        const again = await launch(p.role === 'replica' ? 'replica' : 'standby', p.dataDir.split('/').pop()!, Number(new URL(p.url).port));
        processes.push(again);
        return again;
      },
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
