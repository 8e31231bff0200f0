// Soak: the demo race replayed through the real HTTP ingest while a thousand Socket.IO clients
// watch it, for ten minutes. The server runs in its own process and samples its heap (after a
// forced GC, so the figure is what is live), RSS and event-loop delay (perf_hooks) at a fixed rate.
//   npm run bench:soak                           10 minutes, 1,000 clients
//   npm run bench:soak -- --seconds 20 --clients 200   a short run (what the test suite does)
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { io as connect, type Socket } from 'socket.io-client';
import { createSplitcast } from '../server/app';
import { configWith } from '../server/config';
import { demoEvent, DEMO_EVENT_ID } from '../server/demo/demo-event';
import { Feeder } from '../server/simulator/feeder';
import { planReads } from '../server/simulator/plan';
import { decodeWindowSnapshot } from '../shared/race-view';
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/socket-events';

export interface SoakSample {
  /** Seconds since the clients were connected. */
  t: number;
  heapUsedMb: number;
  rssMb: number;
  eldP50Ms: number;
  eldP99Ms: number;
  eldMaxMs: number;
  sockets: number;
}

export interface SoakReport {
  startedAt: string;
  seconds: number;
  clients: number;
  load: { before: string; after: string };
  reads: { planned: number; accepted: number; duplicates: number; failedRequests: number };
  updates: { received: number; gaps: number; resubscribes: number };
  samples: SoakSample[];
  steady: { fromSecond: number; heapSlopeMbPerMin: number; heapFirstThirdMb: number; heapLastThirdMb: number; eldP99MaxMs: number };
}

const TOKEN = 'soak-device-token';
const SERVE_FLAG = '--serve';
const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
const ELD_RESOLUTION_MS = 10;
/** The histogram records whole timer intervals; what is beyond the interval is the delay. */
const delayMs = (ns: number) => Math.max(0, Math.round((ns / 1e6 - ELD_RESOLUTION_MS) * 10) / 10);
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

/** The server side, in its own process: the demo event, a device token, and samples over IPC. */
async function serve(): Promise<void> {
  const sampleMs = Number(process.env.SOAK_SAMPLE_MS ?? 1000);
  const server = await createSplitcast(configWith({ PORT: 0, HOST: '127.0.0.1', DATA_DIR: process.env.DATA_DIR!, COALESCE_MS: 250, SOCKETS_PER_ADDRESS: 0, SOCKET_BURST: 0 }));
  const { runtime, devices } = server.primary!;
  runtime.saveSetup(demoEvent(Number(process.env.SOAK_NOW)));
  devices.create(DEMO_EVENT_ID, 'soak mat', Date.now(), TOKEN);
  const eld = monitorEventLoopDelay({ resolution: ELD_RESOLUTION_MS });
  eld.enable();
  const gc = (globalThis as { gc?: () => void }).gc;
  setInterval(() => {
    const delay = { eldP50Ms: delayMs(eld.percentile(50)), eldP99Ms: delayMs(eld.percentile(99)), eldMaxMs: delayMs(eld.max) };
    gc?.();
    const memory = process.memoryUsage();
    // Reset after the forced GC, so its pause does not count as event-loop delay.
    eld.reset();
    process.send!({ type: 'sample', heapUsedMb: mb(memory.heapUsed), rssMb: mb(memory.rss), ...delay, sockets: server.io.engine.clientsCount });
  }, sampleMs);
  process.send!({ type: 'ready', url: server.url });
}

type Spectator = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A spectator's first page of the race's leaderboard, as the race page asks for it. */
const firstPage = (raceId: string) => ({ eventId: DEMO_EVENT_ID, raceId, offset: 0, limit: 100 });

/** A spectator that keeps its leaderboard window in step: a gap in `seq` or a changed set-up means ask again. */
function spectator(url: string, raceId: string, bibs: string[], counts: SoakReport['updates']): Promise<Spectator> {
  const socket: Spectator = connect(url, { transports: ['websocket'], forceNew: true, reconnection: true });
  let seq = -1;
  const subscribe = () => {
    counts.resubscribes++;
    socket.emit('race:view', firstPage(raceId), (res) => {
      if (res.ok) seq = decodeWindowSnapshot(res.data).seq;
    });
  };
  socket.on('race:window', (u) => {
    counts.received++;
    if (seq >= 0 && u.seq !== seq + 1) {
      counts.gaps++;
      subscribe();
      return;
    }
    seq = u.seq;
  });
  socket.on('event:changed', subscribe);
  return new Promise((res, rej) => {
    socket.once('connect_error', rej);
    socket.once('connect', () => {
      socket.emit('race:view', firstPage(raceId), (r) => {
        if (!r.ok) return rej(new Error(r.error));
        seq = decodeWindowSnapshot(r.data).seq;
        if (bibs.length === 0) return res(socket);
        socket.emit('runners:follow', { eventId: DEMO_EVENT_ID, bibs }, () => res(socket));
      });
    });
  });
}

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

export async function runSoak(options: { seconds: number; clients: number; log?: (m: string) => void; resultsDir?: string }): Promise<SoakReport> {
  const log = options.log ?? ((m: string) => console.error(m));
  const dataDir = mkdtempSync(join(tmpdir(), 'splitcast-soak-'));
  const now = Date.now();
  const sampleMs = options.seconds >= 120 ? 1000 : 500;
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [SERVE_FLAG], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: { ...process.env, DATA_DIR: dataDir, SOAK_NOW: String(now), SOAK_SAMPLE_MS: String(sampleMs) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const samples: SoakSample[] = [];
  let connectedAt = 0;
  const url = await new Promise<string>((res, rej) => {
    child.on('message', (m: { type: string; url?: string } & Omit<SoakSample, 't'>) => {
      if (m.type === 'ready') res(m.url!);
      else if (m.type === 'sample' && connectedAt) {
        const { type: _type, url: _url, ...sample } = m;
        samples.push({ t: Math.round((Date.now() - connectedAt) / 100) / 10, ...sample });
      }
    });
    child.once('exit', (code) => rej(new Error(`soak server exited (${code})`)));
  });
  const loadBefore = load();
  const updates = { received: 0, gaps: 0, resubscribes: 0 };
  const sockets: Spectator[] = [];
  const setup = demoEvent(now);
  const races = ['marathon', 'marathon', 'marathon', 'women-10k', 'women-10k', 'loop'];
  const bibsOf = (raceId: string) => setup.entrants.filter((e) => e.raceId === raceId).map((e) => e.bib);
  try {
    log(`soak: connecting ${options.clients} clients to ${url}`);
    for (let i = 0; i < options.clients; i += 50) {
      const batch = Array.from({ length: Math.min(50, options.clients - i) }, (_, k) => {
        const raceId = races[(i + k) % races.length];
        const field = bibsOf(raceId);
        const follows = (i + k) % 5 === 0 ? [field[(i + k) % field.length], field[(i + k * 7) % field.length]] : [];
        return spectator(url, raceId, follows, updates);
      });
      sockets.push(...(await Promise.all(batch)));
    }
    updates.resubscribes = 0;
    connectedAt = Date.now();

    // The whole demo race, compressed into the soak's duration.
    const plan = planReads(setup);
    const span = plan.at(-1)!.time - plan[0].time;
    const feeder = new Feeder({ url, token: TOKEN, eventId: DEMO_EVENT_ID, reads: plan, speed: span / (options.seconds * 1000), clockStart: plan[0].time, batchSize: 200 });
    feeder.start();
    log(`soak: ${plan.length} reads over ${options.seconds} s, ${options.clients} clients`);
    let nextReport = connectedAt + Math.max(10_000, options.seconds * 100);
    while (Date.now() - connectedAt < options.seconds * 1000) {
      await new Promise((r) => setTimeout(r, 250));
      if (Date.now() >= nextReport && samples.length) {
        const s = samples.at(-1)!;
        log(`  t=${s.t}s heap ${s.heapUsedMb} MB rss ${s.rssMb} MB loop delay p99 ${s.eldP99Ms} ms max ${s.eldMaxMs} ms sockets ${s.sockets} updates ${updates.received}`);
        nextReport += Math.max(10_000, options.seconds * 100);
      }
    }
    feeder.stop();
    // The race clock has passed the last read: send what is still queued.
    while (!feeder.done) {
      await feeder.tick();
      await new Promise((r) => setTimeout(r, 20));
    }

    // Steady: after the first quarter (clients settled, the field spread over the course).
    const fromSecond = options.seconds / 4;
    const steady = samples.filter((s) => s.t >= fromSecond);
    const third = Math.max(1, Math.floor(steady.length / 3));
    const report: SoakReport = {
      startedAt: new Date(now).toISOString(),
      seconds: options.seconds,
      clients: options.clients,
      load: { before: loadBefore, after: load() },
      reads: { planned: plan.length, accepted: feeder.stats.accepted, duplicates: feeder.stats.duplicates, failedRequests: feeder.stats.failedRequests },
      updates,
      samples,
      steady: {
        fromSecond,
        heapSlopeMbPerMin: Math.round(slope(steady.map((s) => s.t / 60), steady.map((s) => s.heapUsedMb)) * 100) / 100,
        heapFirstThirdMb: median(steady.slice(0, third).map((s) => s.heapUsedMb)),
        heapLastThirdMb: median(steady.slice(-third).map((s) => s.heapUsedMb)),
        eldP99MaxMs: Math.max(...steady.map((s) => s.eldP99Ms)),
      },
    };
    const dir = options.resultsDir ?? resolve(import.meta.dirname, 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `soak-${options.seconds}s-${report.startedAt.replace(/[:.]/g, '-')}.json`), `${JSON.stringify(report, null, 2)}\n`);
    return report;
  } finally {
    for (const s of sockets) s.close();
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes(SERVE_FLAG)) {
    await serve();
  } else {
    const report = await runSoak({ seconds: argument('seconds', 600), clients: argument('clients', 1000) });
    const { steady, reads, updates, load: l } = report;
    console.log(`soak: ${report.clients} clients, ${report.seconds} s, load ${l.before} → ${l.after}`);
    console.log(`  reads: ${reads.accepted} accepted of ${reads.planned} planned, ${reads.failedRequests} failed requests`);
    console.log(`  updates received: ${updates.received}, seq gaps: ${updates.gaps}`);
    console.log(`  steady from ${steady.fromSecond} s: heap ${steady.heapFirstThirdMb} → ${steady.heapLastThirdMb} MB (slope ${steady.heapSlopeMbPerMin} MB/min), loop delay p99 ≤ ${steady.eldP99MaxMs} ms`);
    console.log('  t(s)  heap(MB)  rss(MB)  delay p50/p99/max (ms)  sockets');
    const every = Math.max(1, Math.floor(report.samples.length / 20));
    for (const s of report.samples.filter((_, i) => i % every === 0)) {
      console.log(`  ${String(s.t).padStart(5)} ${String(s.heapUsedMb).padStart(8)} ${String(s.rssMb).padStart(8)}   ${s.eldP50Ms}/${s.eldP99Ms}/${s.eldMaxMs}   ${s.sockets}`);
    }
    process.exit(0);
  }
}
