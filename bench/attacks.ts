// Two floods a hostile client can start from anywhere, against a server in its own process:
// anonymous clients posting 1.8 MB of nested JSON ([[[…]]]) to /api/health while another client
// measures its health latency; and one socket re-subscribing 100 times a second for 5 s to the
// demo marathon (450 runners) and to a majors-sized one, counting the bytes it draws. Flooders run
// in worker threads, apart from the probe.
import { Worker } from 'node:worker_threads';
import { io as connect } from 'socket.io-client';
import { demoEvent, DEMO_EVENT_ID } from '../server/demo/demo-event';
import { MARATHON_GUN, marathonEvent } from './support/marathon';
import { startBenchServer } from './support/server-process';
import { clock, percentile, round } from './support/stats';
import type { Benchmark } from './support/types';

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
    const flooders = quick ? 2 : 6;
    const samples = quick ? 20 : 200;
    const majors = quick ? 2_000 : 26_000;
    const server = await startBenchServer({ event: marathonEvent(majors, 'attack'), socketLimits: true });
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
      return {
        figures: [
          { measure: 'health p50, quiet', value: round(percentile(quiet, 50)), unit: 'ms' },
          { measure: `health p50, ${flooders} nested-JSON flooders`, value: round(percentile(flooded, 50)), unit: 'ms', target: '<= 50', met: percentile(flooded, 50) <= 50 },
          { measure: 'server RSS after the flood', value: Math.round(rss / 1e6), unit: 'MB' },
          { measure: 'drawn by a socket re-subscribing 100/s for 5 s, demo marathon', value: round(drawnDemo.bytes / 1e6, 2), unit: 'MB', target: '<= 10', met: drawnDemo.bytes <= 10e6 },
          { measure: `the same, ${majors} runners`, value: round(drawnMajors.bytes / 1e6, 2), unit: 'MB' },
        ],
        details: { quiet, flooded, bodiesSent: sent, drawnDemo, drawnMajors },
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
