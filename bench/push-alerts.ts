// Alerts at a major: an NYC-sized marathon's finish hour replayed at 1× through the real ingest
// while 200,000 browsers (three to four per runner) are subscribed, to a push-service stand-in on
// https://127.0.0.1. Measures how long after its read each alert reaches the stand-in (target: p99
// within 5 s), and how many reads a second the ingest takes while the alerts flow, against the same
// reads just before (target: at most 10 % fewer).
//
// The race before the window is ingested as fast as it goes; the primary is then stopped, the
// subscriptions are stored as the alerts route would have stored them (200,000 requests through
// it would take longer than the race), and it starts again on its data, as after a restart.
// Ingest capacity is measured on probe events of identical reads (no subscriptions): a warm-up,
// then two just before the window and two during it (a quarter and half way), each on its own
// event; the median of each pair is compared.
//   npm run bench -- push-alerts
//   BENCH_PUSH_MINUTES=15 npm run bench -- push-alerts     (the busiest 15 minutes of the hour)
import { createECDH, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { planReads, type PlannedRead } from '../server/simulator/plan';
import { openDatabase } from '../server/storage/database';
import { AlertSubscriptions } from '../server/storage/alert-subscriptions';
import { PushServiceStandIn, decryptPayload } from '../test/support/push-service';
import type { AlertPayload } from '../shared/alerts';
import { marathonEvent } from './support/marathon';
import { chunks, inFlight } from './support/pool';
import { postBatch, startBenchServer, type BenchServer } from './support/server-process';
import { percentile, round } from './support/stats';
import type { Benchmark } from './support/types';

const DELAY_TARGET_MS = 5000;
const DROP_TARGET = 0.1;
const HOUR = 3_600_000;

/** Start of the hour of race time with the most finishes. */
function finishHour(reads: readonly PlannedRead[]): number {
  const finishes = reads.filter((r) => r.point === 'finish').map((r) => r.time);
  let best = 0;
  let bestAt = finishes[0];
  let from = 0;
  for (let i = 0; i < finishes.length; i++) {
    while (finishes[from] <= finishes[i] - HOUR) from++;
    if (i - from + 1 > best) (best = i - from + 1), (bestAt = finishes[from]);
  }
  return bestAt;
}

/** The busiest `ms` of reads inside [from, from + hour). */
function busiest(reads: readonly PlannedRead[], from: number, ms: number): number {
  const inHour = reads.filter((r) => r.time >= from && r.time < from + HOUR);
  let best = 0;
  let bestAt = from;
  let start = 0;
  for (let i = 0; i < inHour.length; i++) {
    while (inHour[start].time <= inHour[i].time - ms) start++;
    if (i - start + 1 > best) (best = i - start + 1), (bestAt = Math.min(inHour[start].time, from + HOUR - ms));
  }
  return bestAt;
}

/** Reads a second the ingest takes for these reads, four batches of 500 in flight. */
async function ingestRate(server: BenchServer, eventId: string, token: string, reads: readonly PlannedRead[]): Promise<number> {
  const started = performance.now();
  await inFlight(chunks(reads, 500), 4, async (batch) => {
    await postBatch(server.url, eventId, token, batch);
  });
  return reads.length / ((performance.now() - started) / 1000);
}

export const pushAlertsBenchmark: Benchmark = {
  name: 'push-alerts',
  async run({ quick, log }) {
    const runners = quick ? 600 : Number(process.env.BENCH_PUSH_RUNNERS ?? 56_000);
    const subscriptions = quick ? 2_100 : Number(process.env.BENCH_PUSH_SUBSCRIPTIONS ?? 200_000);
    const windowMs = (quick ? 1 : Number(process.env.BENCH_PUSH_MINUTES ?? 60)) * 60_000;
    const event = marathonEvent(runners);
    const reads = planReads(event, { multiReadRate: 0, unknownChips: 0 });
    const hour = finishHour(reads);
    const from = windowMs >= HOUR ? hour : busiest(reads, hour, windowMs);
    const before = reads.filter((r) => r.time < from);
    const window = reads.filter((r) => r.time >= from && r.time < from + windowMs);
    // Probe events with the same reads: ingest capacity before the window and during it.
    const probeRunners = quick ? 300 : 3_000;
    const probes = ['warm-up', 'quiet-1', 'quiet-2', 'loaded-1', 'loaded-2'].map((name) => marathonEvent(probeRunners, `probe-${name}`));
    const probeReads = planReads(probes[0], { multiReadRate: 0, unknownChips: 0 }).slice(0, quick ? 5_000 : 40_000);
    const probe = (i: number) => ingestRate(server, probes[i].id, `${server.token}-${probes[i].id}`, probeReads);
    log(`push-alerts: ${runners} runners, ${subscriptions} subscriptions; ${before.length} reads before the window, ${window.length} in ${windowMs / 60_000} min of the finish hour at 1×`);

    const push = await PushServiceStandIn.start();
    const env = { NODE_EXTRA_CA_CERTS: push.certPath, PUSH_SERVICES: push.origin };
    const serverOptions = { event, extraEvents: probes, env, nodeFlags: ['--max-old-space-size=8192'] };
    let server = await startBenchServer(serverOptions);
    try {
      await inFlight(chunks(before, 1_000), 4, async (batch) => {
        await postBatch(server.url, event.id, server.token, batch);
      });
      log(`push-alerts: ${before.length} reads before the window ingested`);
      // Stopped as by a crash (its data stays), the browsers' subscriptions stored, started again.
      await server.kill9();
      const db = openDatabase(server.dataDir, { synchronous: 'NORMAL' });
      const store = new AlertSubscriptions(db);
      // Real P-256 keys (a few, shared) so every alert is encrypted as for a browser.
      const keys = Array.from({ length: 64 }, () => {
        const ecdh = createECDH('prime256v1');
        ecdh.generateKeys();
        return { ecdh, p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') };
      });
      const now = Date.now();
      db.transaction(() => {
        for (let i = 0; i < subscriptions; i++) {
          const k = keys[i % keys.length];
          store.save(event.id, { endpoint: `${push.origin}/s/${i}`, keys: { p256dh: k.p256dh, auth: k.auth } }, [String((i % runners) + 1)], i % 2 ? 'fa' : 'en', null, now);
        }
      })();
      db.close();
      const restartedAt = performance.now();
      server = await startBenchServer({ ...serverOptions, dataDir: server.dataDir });
      log(`push-alerts: ${subscriptions} subscriptions stored; the primary served again after ${round((performance.now() - restartedAt) / 1000, 1)} s`);

      await probe(0);
      const quietRates = [await probe(1), await probe(2)];
      const quiet = (quietRates[0] + quietRates[1]) / 2;
      log(`push-alerts: ingest before the window ${quietRates.map(Math.round).join(', ')} reads/s`);

      // The window at 1×: each second's reads posted as one batch when its second comes.
      const postedAt = new Map<string, number[]>();
      const bySecond = new Map<number, PlannedRead[]>();
      for (const r of window) {
        const s = Math.floor((r.time - from) / 1000);
        const list = bySecond.get(s);
        if (list) list.push(r);
        else bySecond.set(s, [r]);
      }
      const seconds = Math.ceil(windowMs / 1000);
      const startWall = Date.now();
      const pushedBefore = push.requests.length;
      const loadedRates: Promise<number>[] = [];
      const posts: Promise<unknown>[] = [];
      for (let s = 0; s < seconds; s++) {
        const due = startWall + s * 1000;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
        // A quarter and half way into the window, with alerts flowing: the same probe reads again.
        if (s === Math.floor(seconds / 4)) loadedRates.push(probe(3));
        if (s === Math.floor(seconds / 2)) loadedRates.push(loadedRates[0].then(() => probe(4)));
        const batch = bySecond.get(s);
        if (!batch) continue;
        const at = Date.now();
        for (const r of batch) {
          const bib = r.chip.slice(1);
          const list = postedAt.get(bib);
          if (list) list.push(at);
          else postedAt.set(bib, [at]);
        }
        posts.push(postBatch(server.url, event.id, server.token, batch));
      }
      await Promise.all(posts);
      const during = await Promise.all(loadedRates);
      const loaded = (during[0] + during[1]) / 2;
      // Alerts still on their way: until the stand-in has heard nothing for 5 s.
      let last = push.requests.length;
      for (;;) {
        await new Promise((r) => setTimeout(r, 5000));
        if (push.requests.length === last) break;
        last = push.requests.length;
      }
      const requests = push.requests.slice(pushedBefore);
      // An alert's delay: from the latest read of its runner posted before it arrived.
      const delays: number[] = [];
      for (const req of requests) {
        const i = Number(req.path.slice('/s/'.length));
        const times = postedAt.get(String((i % runners) + 1)) ?? [];
        let read = -Infinity;
        for (const t of times) if (t <= req.at && t > read) read = t;
        if (read > -Infinity) delays.push(req.at - read);
      }
      delays.sort((a, b) => a - b);
      // A sample decrypted: each is a real alert about the runner its subscription follows.
      for (const req of requests.slice(0, 20)) {
        const i = Number(req.path.slice('/s/'.length));
        const k = keys[i % keys.length];
        const payload = JSON.parse(decryptPayload(req, { endpoint: '', keys: { p256dh: k.p256dh, auth: k.auth }, ecdh: k.ecdh })) as AlertPayload;
        if (payload.bib !== String((i % runners) + 1)) throw new Error(`alert to /s/${i} is about runner ${payload.bib}`);
      }
      const p99 = delays.length ? percentile(delays, 99) : 0;
      const drop = 1 - loaded / quiet;
      const spanS = requests.length ? (requests.at(-1)!.at - requests[0].at) / 1000 : 0;
      log(`push-alerts: ${requests.length} alerts, p99 ${Math.round(p99)} ms after the read; ingest ${Math.round(quiet)} → ${Math.round(loaded)} reads/s`);
      return {
        figures: [
          { measure: `alerts sent in ${windowMs / 60_000} min of the finish hour at 1×`, value: requests.length, unit: `alerts (${subscriptions} subscriptions)` },
          { measure: 'alerts a second, average / reads a second', value: round(requests.length / Math.max(spanS, 1), 1), unit: `/ ${round(window.length / (windowMs / 1000), 1)}` },
          { measure: 'alert after its read, p50', value: Math.round(delays.length ? percentile(delays, 50) : 0), unit: 'ms' },
          { measure: 'alert after its read, p99', value: Math.round(p99), unit: 'ms', target: `<= ${DELAY_TARGET_MS}`, met: delays.length > 0 && p99 <= DELAY_TARGET_MS },
          { measure: 'ingest before the window / with alerts flowing', value: Math.round(quiet), unit: `/ ${Math.round(loaded)} reads/s` },
          { measure: 'ingest drop with alerts flowing', value: round(drop * 100, 1), unit: '%', target: `<= ${DROP_TARGET * 100}`, met: drop <= DROP_TARGET },
        ],
        details: {
          runners,
          subscriptions,
          windowMinutes: windowMs / 60_000,
          readsBefore: before.length,
          readsInWindow: window.length,
          alerts: requests.length,
          delayMs: { p50: delays.length ? percentile(delays, 50) : null, p99, max: delays.at(-1) ?? null },
          ingestReadsPerSecond: { before: quietRates.map(Math.round), during: during.map(Math.round) },
        },
      };
    } finally {
      await server.close();
      await push.close();
    }
  },
};
