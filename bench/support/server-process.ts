// Starts bench/support/server-entry.ts as a child process and talks to it over IPC.
import { mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { postReads, type IngestAnswer } from '../../server/ingest/read-poster';
import type { EventSetup } from '../../shared/domain';
import type { RaceUpdate } from '../../shared/socket-events';
import { readyMessage, startProcess, tsxArgs } from './start-process';

const ENTRY = 'bench/support/server-entry.ts';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface ServerStats {
  sockets: number;
  /** Monitoring computations since the start (bases: one per watched event and interval). */
  monitoringComputations?: number;
  memory: NodeJS.MemoryUsage;
  cpu: NodeJS.CpuUsage;
}

export interface BenchServer {
  url: string;
  pid: number;
  token: string;
  stats(options?: { gc?: boolean }): Promise<ServerStats>;
  bare(room: string, payload: RaceUpdate): void;
  close(): Promise<void>;
  /** SIGKILL, as a crash: the data directory stays, for a server started on it again (`dataDir`). */
  kill9(): Promise<void>;
  /** Where its SQLite file and snapshots are. */
  dataDir: string;
  /** How the primary stood its events up at start (from a snapshot and the log, or the whole log). */
  rebuilds: { eventId: string; reads: number; from: string; ms: number }[];
}

export interface BenchServerOptions {
  event?: EventSetup;
  role?: 'primary' | 'replica';
  coalesceMs?: number;
  redis?: { prefix: string; clusterToken: string };
  primaryUrl?: string;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeFlags?: string[];
  /** Start on the data of a server killed before (its event and reads), instead of a new directory. */
  dataDir?: string;
  /** Keep the socket cap and subscription budget per address (off for capacity benchmarks). */
  socketLimits?: boolean;
  /** An organizer account (an admin) created at start, to log the console in. */
  organizer?: { email: string; password: string };
  /** More events beside `event`, each with its own device token: `${token}-${event id}`. */
  extraEvents?: EventSetup[];
  /** More environment for the server (e.g. NODE_EXTRA_CA_CERTS for a push-service stand-in). */
  env?: Record<string, string>;
}

export async function startBenchServer(options: BenchServerOptions): Promise<BenchServer> {
  const dir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'splitcast-bench-'));
  const token = `bench-${Math.random().toString(36).slice(2)}-token`;
  const env: Record<string, string> = {
    DATA_DIR: dir,
    BENCH_ROLE: options.role ?? 'primary',
    BENCH_TOKEN: token,
    COALESCE_MS: String(options.coalesceMs ?? 250),
  };
  if (options.event) {
    env.BENCH_EVENT_FILE = join(dir, 'event.json');
    writeFileSync(env.BENCH_EVENT_FILE, JSON.stringify(options.event));
  }
  if (options.extraEvents?.length) {
    env.BENCH_EXTRA_EVENTS_FILE = join(dir, 'extra-events.json');
    writeFileSync(env.BENCH_EXTRA_EVENTS_FILE, JSON.stringify(options.extraEvents));
  }
  if (options.env) Object.assign(env, options.env);
  if (options.redis) Object.assign(env, { REDIS_URL, REDIS_PREFIX: options.redis.prefix, CLUSTER_TOKEN: options.redis.clusterToken });
  if (options.primaryUrl) env.PRIMARY_URL = options.primaryUrl;
  if (options.socketLimits) env.BENCH_SOCKET_LIMITS = '1';
  if (options.organizer) Object.assign(env, { ORGANIZER_EMAIL: options.organizer.email, ORGANIZER_PASSWORD: options.organizer.password });

  // BENCH_CPU_PROF=<dir>: every bench server writes a CPU profile there when it closes.
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', resolve(process.env.BENCH_CPU_PROF)] : [];
  const p = startProcess({
    args: tsxArgs(ENTRY, [...profile, ...(options.nodeFlags ?? [])]),
    env,
    // BENCH_SERVER_LOG=<file>: the servers' logs go there (to see why a request failed).
    stdout: process.env.BENCH_SERVER_LOG ? openSync(process.env.BENCH_SERVER_LOG, 'a') : 'ignore',
    ipc: true,
  });
  const { child, exited } = p;
  const { url, rebuilds = [] } = await readyMessage<{ type: 'ready'; url: string; rebuilds?: BenchServer['rebuilds'] }>(p, 'ready', 'bench server');
  let closing = false;
  child.once('exit', (code, signal) => {
    if (!closing) console.error(`bench server ${child.pid} exited unexpectedly (${signal ?? code}): ${p.output()}`);
  });

  return {
    url,
    pid: child.pid!,
    token,
    stats: (statsOptions = {}) =>
      new Promise((res) => {
        const listener = (m: { type: string } & ServerStats) => {
          if (m.type !== 'stats') return;
          child.off('message', listener);
          res(m);
        };
        child.on('message', listener);
        child.send({ type: 'stats', ...statsOptions });
      }),
    bare: (room, payload) => child.send({ type: 'bare', room, payload }),
    dataDir: dir,
    rebuilds,
    async kill9() {
      closing = true;
      await p.stop('SIGKILL');
    },
    async close() {
      closing = true;
      if (child.exitCode === null && child.connected) {
        child.send({ type: 'close' });
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * POST a batch of reads, as a timing device would: a request that fails in a way that passes is sent
 * again (a re-sent read is a duplicate, never stored twice). `attempts`: tries in all.
 */
export function postBatch(url: string, eventId: string, token: string, reads: unknown[], attempts = 5): Promise<IngestAnswer> {
  return postReads({ url, eventId, token }, reads, { attempts, pauseMs: () => 100 });
}
