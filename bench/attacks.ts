// Floods a hostile or careless client can start, against a server in its own process (with its
// socket cap and budgets per address on): anonymous clients posting 1.8 MB of nested JSON
// ([[[…]]]) to /api/health while another client measures its health latency; one socket
// re-subscribing 100 times a second for 5 s to the demo marathon (450 runners) and to a
// majors-sized one, counting the bytes it draws; one address opening 1,000 sockets at once; and
// 50 monitoring sockets of one organizer with tolerances a few seconds apart. The
// nested-JSON flooders run in worker threads, apart from the probe. Then the attacks on
// the Boston field fed at 60× (bench/attacks-boston.ts); `BENCH_ATTACKS=boston` runs only those.
import { Worker } from 'node:worker_threads';
import { io as connect, type Socket } from 'socket.io-client';
import { ORGANIZER_NAMESPACE } from '../shared/organizer';
import { demoEvent, DEMO_EVENT_ID } from '../server/demo/demo-event';
import { MARATHON_GUN, marathonEvent } from './support/marathon';
import { startBenchServer } from './support/server-process';
import { clock, percentile, round } from './support/stats';
import type { Benchmark } from './support/types';
import { bostonAttacks } from './attacks-boston';

// Plain JavaScript, so the worker needs no loader: post the body again as soon as each answer comes.
const FLOODER = `
const { workerData, parentPort } = require('node:worker_threads');
const http = require('node:http');
const body = '['.repeat(workerData.depth) + ']'.repeat(workerData.depth);
let running = true, sent = 0;
parentPort.on('message', () => { running = false; });
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function once() {
  if (!running) return parentPort.postMessage(sent);
  const req = http.request(workerData.url + '/api/health', { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
    res.resume();
    res.on('end', () => { sent++; once(); });
  });
  req.on('error', () => setTimeout(once, 10));
  req.end(body);
}
once();
`;

async function healthLatencies(url: string, samples: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = clock();
    const res = await fetch(`${url}/api/health`);
    await res.arrayBuffer();
    out.push(clock() - started);
    await new Promise((r) => setTimeout(r, 20));
  }
  return out;
}

export const attacksBenchmark: Benchmark = {
  name: 'attacks',
  async run({ quick, log }) {
    if (process.env.BENCH_ATTACKS === 'boston') return bostonAttacks(quick, log);
    const flooders = quick ? 2 : 6;
    const samples = quick ? 20 : 200;
    const majors = quick ? 2_000 : 26_000;
    const server = await startBenchServer({ event: marathonEvent(majors, 'attack'), socketLimits: true, organizer: ORGANIZER });
    try {
      const quiet = await healthLatencies(server.url, samples);
      const workers = Array.from({ length: flooders }, () => new Worker(FLOODER, { eval: true, workerData: { url: server.url, depth: 900_000 } }));
      await new Promise((r) => setTimeout(r, 500));
      const flooded = await healthLatencies(server.url, samples);
      const sent = await Promise.all(workers.map((w) => new Promise<number>((resolve) => (w.once('message', resolve), w.postMessage('stop')))));
      await Promise.all(workers.map((w) => w.terminate()));
      const rss = (await server.stats()).memory.rss;
      log(`attacks: health p50 ${percentile(quiet, 50).toFixed(1)} ms quiet, ${percentile(flooded, 50).toFixed(1)} ms with ${flooders} flooders (${sent.reduce((a, b) => a + b, 0)} bodies of 1.8 MB)`);

      const demo = await startBenchServer({ event: demoEvent(MARATHON_GUN), socketLimits: true });
      const drawnDemo = await resubscribing(demo.url, { eventId: DEMO_EVENT_ID, raceId: 'marathon' }).finally(() => demo.close());
      const drawnMajors = await resubscribing(server.url, { eventId: 'attack', raceId: 'marathon' });
      log(`attacks: a re-subscribing socket drew ${(drawnDemo.bytes / 1e6).toFixed(2)} MB from the demo marathon, ${(drawnMajors.bytes / 1e6).toFixed(2)} MB from ${majors} runners`);

      const sockets = await socketFlood(server.url, 1_000, samples);
      const openAfter = (await server.stats()).sockets;
      log(`attacks: 1,000 sockets from one address: ${sockets.accepted} accepted, ${sockets.refused} refused in ${sockets.ms.toFixed(0)} ms (${openAfter} open at the server after), health p50 ${percentile(sockets.health, 50).toFixed(1)} ms`);

      // The flood's sockets are gone at the server before the consoles (same address) connect.
      for (let i = 0; i < 200 && (await server.stats()).sockets > 0; i++) await new Promise((r) => setTimeout(r, 50));
      const monitoring = await monitoringFlood(server, 'attack', 50, quick ? 6_000 : 20_000, samples);
      log(
        `attacks: 50 monitoring sockets (ten per organizer session), ${majors} runners: ${monitoring.computations} computations in ${(monitoring.ms / 1000).toFixed(0)} s, server CPU ${(monitoring.cpuShare * 100).toFixed(0)} %, health p50 ${percentile(monitoring.health, 50).toFixed(1)} ms, then one session's 20 subscriptions at once: ${monitoring.resubscribed} answered`,
      );
      await server.close();
      const boston = await bostonAttacks(quick, log);
      return {
        figures: [
          ...boston.figures,
          { measure: 'health p50, quiet', value: round(percentile(quiet, 50)), unit: 'ms' },
          { measure: `health p50, ${flooders} nested-JSON flooders`, value: round(percentile(flooded, 50)), unit: 'ms', target: '<= 50', met: percentile(flooded, 50) <= 50 },
          { measure: 'server RSS after the flood', value: Math.round(rss / 1e6), unit: 'MB' },
          { measure: 'drawn by a socket re-subscribing 100/s for 5 s, demo marathon', value: round(drawnDemo.bytes / 1e6, 2), unit: 'MB', target: '<= 10', met: drawnDemo.bytes <= 10e6 },
          { measure: `the same, ${majors} runners`, value: round(drawnMajors.bytes / 1e6, 2), unit: 'MB' },
          { measure: '1,000 sockets at once from one address: accepted', value: sockets.accepted, unit: 'sockets', target: '<= 50', met: sockets.accepted <= 50 },
          { measure: 'the same: health p50 meanwhile', value: round(percentile(sockets.health, 50)), unit: 'ms' },
          { measure: `50 monitoring sockets, distinct tolerances (${majors} runners): computations per interval`, value: round(monitoring.computations / monitoring.intervals, 2), unit: '', target: '<= 1.5', met: monitoring.computations / monitoring.intervals <= 1.5 },
          { measure: 'the same: server CPU', value: Math.round(monitoring.cpuShare * 100), unit: '%' },
          { measure: 'the same: health p50', value: round(percentile(monitoring.health, 50)), unit: 'ms', target: `<= ${round(Math.max(3, 2 * percentile(quiet, 50)))}`, met: percentile(monitoring.health, 50) <= Math.max(3, 2 * percentile(quiet, 50)) },
        ],
        details: { quiet, flooded, bodiesSent: sent, drawnDemo, drawnMajors, sockets: { ...sockets, openAfter }, monitoring, boston: boston.details },
      };
    } finally {
      await server.close();
    }
  },
};

/** One socket asking for the race's snapshot every 10 ms for 5 s (or until it is cut off). */
async function resubscribing(url: string, sub: { eventId: string; raceId: string }): Promise<{ bytes: number; refused: number; cutOffAfterMs: number | null }> {
  const socket = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  await new Promise<void>((resolve, reject) => (socket.once('connect', () => resolve()), socket.once('connect_error', reject)));
  let drawn = 0;
  let refused = 0;
  let cutOffAfterMs: number | null = null;
  const started = clock();
  socket.on('disconnect', () => (cutOffAfterMs ??= clock() - started));
  while (clock() - started < 5_000 && cutOffAfterMs === null) {
    socket.emit('race:subscribe', sub, (res: { ok: boolean }) => {
      drawn += JSON.stringify(res).length;
      if (!res.ok) refused++;
    });
    await new Promise((r) => setTimeout(r, 10));
  }
  socket.close();
  return { bytes: drawn, refused, cutOffAfterMs };
}

const ORGANIZER = { email: 'bench@splitcast.test', password: 'bench organizer password' };
const MONITOR_INTERVAL_MS = 2_000;

/** One address opening `count` sockets at once: how many are accepted, and health meanwhile. */
async function socketFlood(url: string, count: number, samples: number): Promise<{ accepted: number; refused: number; ms: number; health: number[]; refusal: string | null }> {
  const started = clock();
  const sockets: Socket[] = [];
  let refusal: string | null = null;
  const outcomes = Array.from({ length: count }, () => {
    const socket = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false });
    sockets.push(socket);
    return new Promise<boolean>((resolve) => {
      socket.once('connect', () => resolve(true));
      socket.once('connect_error', (err) => {
        refusal ??= err.message;
        resolve(false);
      });
      // A refused connection closed before its refusal reached a busy client ends without one.
      socket.io.once('close', () => resolve(false));
    });
  });
  const [results, health] = await Promise.all([Promise.all(outcomes), healthLatencies(url, Math.min(samples, 50))]);
  const ms = clock() - started;
  for (const s of sockets) s.close();
  const accepted = results.filter(Boolean).length;
  return { accepted, refused: count - accepted, ms, health, refusal };
}

/**
 * `count` monitoring sockets, ten per organizer session (a session's budget lets ten subscribe at
 * once), each with its own tolerances, watching for `ms`; then one session's sockets all subscribing
 * again at once, as a careless console would.
 */
async function monitoringFlood(
  server: Awaited<ReturnType<typeof startBenchServer>>,
  eventId: string,
  count: number,
  ms: number,
  samples: number,
): Promise<{ computations: number; intervals: number; ms: number; cpuShare: number; health: number[]; resubscribed: number; refused: number }> {
  const logIn = async () => {
    const res = await fetch(`${server.url}/api/organizer/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ORGANIZER) });
    if (res.status !== 200) throw new Error(`log-in answered ${res.status}`);
    return res.headers.get('set-cookie')!.split(';')[0];
  };
  const cookies: string[] = [];
  for (let i = 0; i < Math.ceil(count / 10); i++) cookies.push(await logIn());
  const sockets = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const socket = connect(`${server.url}${ORGANIZER_NAMESPACE}`, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie: cookies[Math.floor(i / 10)] } });
      await new Promise<void>((resolve, reject) => (socket.once('connect', () => resolve()), socket.once('connect_error', reject)));
      return socket;
    }),
  );
  // Tolerances a few seconds apart: before rounding, fifty distinct settings.
  const subscribe = async (socket: Socket, i: number): Promise<boolean> => {
    try {
      const res = await socket.timeout(5_000).emitWithAck('monitoring:subscribe', { eventId, options: { overdueToleranceSeconds: 300 + i * 7, silenceSeconds: 120 + i * 3 } });
      return res.ok === true;
    } catch {
      return false; // cut off for asking on while refused
    }
  };
  const before = await server.stats();
  const started = clock();
  const first = await Promise.all(sockets.map(subscribe));
  if (!first.every(Boolean)) throw new Error('a first monitoring subscription was refused');
  const health: number[] = [];
  while (clock() - started < ms) health.push(...(await healthLatencies(server.url, Math.min(samples, 20))));
  const elapsed = clock() - started;
  const after = await server.stats();
  const again = await Promise.all(sockets.slice(0, 10).map((s, i) => Promise.all([subscribe(s, i), subscribe(s, i + 100)])));
  const resubscribed = again.flat().filter(Boolean).length;
  for (const s of sockets) s.close();
  const cpuMs = (after.cpu.user - before.cpu.user + after.cpu.system - before.cpu.system) / 1000;
  return {
    computations: (after.monitoringComputations ?? 0) - (before.monitoringComputations ?? 0),
    intervals: Math.max(1, Math.round(elapsed / MONITOR_INTERVAL_MS)),
    ms: elapsed,
    cpuShare: cpuMs / elapsed,
    health,
    resubscribed,
    refused: 20 - resubscribed,
  };
}
