// The cluster of docs/cluster.md on this machine (npm run cluster's own code): durable reads per
// second through the front door with a synchronous standby, against a lone primary in the same
// run; then the failover time (kill -9 of the leader until a write is accepted again through the
// same URL) over several kills, each killed leader started again as the standby, with a device
// posting through the front door throughout (none of its acknowledged reads may be lost); then spectators
// held through the front door by one and by three replicas, and how soon a read reaches them all.
import { randomUUID } from 'node:crypto';
import { DEMO_EVENT_ID, demoEntrants } from '../server/demo/demo-event';
import { ClientFleet } from './support/client-fleet';
import { freeLoopbackPort, startLocalCluster, type ClusterProcess } from '../server/cluster/local-cluster';
import { MARATHON_GUN, marathonEvent } from './support/marathon';
import { chunks, inFlight } from './support/pool';
import { postBatch, startBenchServer } from './support/server-process';
import { percentile, round } from './support/stats';
import type { Benchmark } from './support/types';

let readNo = 0;
/**
 * Reads of chips no entrant has: stored and acknowledged like any, without the engine's cost of a
 * runner. Timed from `from`: the bench marathon's gun, or now for the demo event (held today, whose
 * reads must fall within its day).
 */
const reads = (n: number, from = MARATHON_GUN) => Array.from({ length: n }, () => ({ point: 'start', chip: `BENCH-${++readNo}`, time: from + readNo }));
/** The demo event's reads: within its day. */
const DEMO_FROM = Date.now();

/** As a device does: a batch refused during a change of leader (503) is sent again. */
const postRetrying = (url: string, eventId: string, token: string, batch: unknown[]) => postBatch(url, eventId, token, batch, 50);

/**
 * A device posting through the front door the whole time: each batch sent again until it is
 * acknowledged (a refusal or a dropped connection during a change of leader); keeps every read
 * acknowledged, to look for them afterwards.
 */
function keepPosting(url: string, eventId: string, token: string, batchSize = 20) {
  const acknowledged: unknown[] = [];
  let stopped = false;
  const running = (async () => {
    while (!stopped) {
      const batch = reads(batchSize, DEMO_FROM);
      while (!stopped) {
        const status = await fetch(`${url}/api/events/${eventId}/reads`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ reads: batch }),
          signal: AbortSignal.timeout(10_000),
        }).then((res) => res.status, () => 0);
        // Refused for what it is, not for a change of leader: sending it again would not help.
        if (status >= 400 && status < 500) throw new Error(`the device's batch was refused (${status})`);
        if (status === 200) {
          acknowledged.push(...batch);
          break;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  })();
  return {
    acknowledged,
    stop: async () => {
      stopped = true;
      await running;
    },
  };
}

/** Acknowledged reads the leader no longer has: each is sent again, and a lost one is stored as new (a kept one is a duplicate). */
async function lostReads(url: string, eventId: string, token: string, acknowledged: unknown[]): Promise<number> {
  let lost = 0;
  for (const batch of chunks(acknowledged, 500)) {
    const answer = await postRetrying(url, eventId, token, batch);
    if (answer.accepted + answer.duplicates !== batch.length) throw new Error('acknowledged reads refused when sent again');
    lost += answer.accepted;
  }
  return lost;
}

async function ingestRate(url: string, eventId: string, token: string, batches: number, batchSize: number, from = MARATHON_GUN): Promise<{ perSecond: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  let accepted = 0;
  const started = performance.now();
  await inFlight(chunks(reads(batches * batchSize, from), batchSize), 4, async (batch) => {
    const t = performance.now();
    const answer = await postRetrying(url, eventId, token, batch);
    latencies.push(performance.now() - t);
    accepted += answer.accepted + answer.duplicates;
  });
  if (accepted !== batches * batchSize) throw new Error(`accepted ${accepted} of ${batches * batchSize} reads`);
  return { perSecond: Math.round(accepted / ((performance.now() - started) / 1000)), p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)) };
}

const status = async (url: string, path: string) => (await fetch(`${url}${path}`, { signal: AbortSignal.timeout(2000) }).catch(() => null))?.status ?? 0;

const roleOf = (url: string) => fetch(`${url}/api/cluster/role`).then((r) => r.json() as Promise<{ seq: number; standby?: { synchronous: boolean } }>);

async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (performance.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Spectators through the front door of a cluster with `replicas` replicas: how many it holds, and read→client latency over a few rounds. */
async function spectators(replicas: number, clients: number, rounds: number, log: (m: string) => void) {
  const token = `bench-cluster-${randomUUID()}`;
  const cluster = await startLocalCluster({ port: await freeLoopbackPort(), replicas, sources: true, checkMs: 200, env: { DEMO: '1', DEMO_DEVICE_TOKEN: token, DEMO_SPEED: '0.001', LOG_LEVEL: 'warn', SOCKETS_PER_ADDRESS: '0', SOCKET_BURST: '0' } });
  // (Every simulated spectator comes from 127.0.0.1: the caps per address are off for them.)
  const fleet = new ClientFleet(2, { eventId: DEMO_EVENT_ID, raceId: 'marathon' });
  try {
    const held = await fleet.connect(cluster.front.url, clients);
    const bibs = demoEntrants().filter((e) => e.raceId === 'marathon' && !e.private).map((e) => e.bib);
    const latencies: number[] = [];
    for (let r = 0; r < rounds; r++) {
      // A finish far ahead: whatever the runner had, the race changes.
      const finish = [{ point: 'finish', bib: bibs[r], time: Date.now() + 36_000_000 + r }];
      const result = await fleet.round(r, () => postRetrying(cluster.front.url, DEMO_EVENT_ID, token, finish).then(() => undefined));
      latencies.push(...result.latencies);
    }
    const figures = { held, p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)) };
    log(`cluster: ${replicas} replica(s) behind the front door hold ${held} of ${clients} spectators; read→client p50 ${figures.p50} p99 ${figures.p99} ms`);
    return figures;
  } finally {
    await fleet.close();
    await cluster.stop();
  }
}

export const clusterBenchmark: Benchmark = {
  name: 'cluster',
  async run({ quick, log }) {
    const batches = quick ? 20 : 400;
    const batchSize = 100;
    const kills = quick ? 2 : 10;
    const leaseMs = 2000;

    const lone = await startBenchServer({ event: marathonEvent(200, 'lone'), redis: { prefix: `bench-${randomUUID()}`, clusterToken: randomUUID() } });
    const alone = await ingestRate(lone.url, 'lone', lone.token, batches, batchSize).finally(() => lone.close());
    log(`cluster: lone primary ${alone.perSecond} reads/s (batch p50 ${alone.p50} p99 ${alone.p99} ms)`);

    const token = `bench-cluster-${randomUUID()}`;
    const cluster = await startLocalCluster({
      port: await freeLoopbackPort(),
      replicas: 0,
      sources: true,
      leaseMs,
      checkMs: 200,
      // The leader sets up the demo event with this device token; its feeder barely moves.
      env: { DEMO: '1', DEMO_DEVICE_TOKEN: token, DEMO_SPEED: '0.001', LOG_LEVEL: 'warn' },
    });
    try {
      const front = cluster.front.url;
      const synced = await ingestRate(front, DEMO_EVENT_ID, token, batches, batchSize, DEMO_FROM);
      log(`cluster: through the front door with a synchronous standby ${synced.perSecond} reads/s (batch p50 ${synced.p50} p99 ${synced.p99} ms)`);

      const failovers: number[] = [];
      const alive = (p: ClusterProcess) => p.child.exitCode === null && p.child.signalCode === null;
      const device = keepPosting(front, DEMO_EVENT_ID, token);
      for (let k = 0; k < kills; k++) {
        const candidates = cluster.processes.filter((p) => p.role !== 'replica' && alive(p));
        const statuses = await Promise.all(candidates.map((p) => status(p.url, '/api/cluster/leader')));
        const leader = candidates[statuses.indexOf(200)];
        if (!leader) throw new Error('no leader before the kill');
        // A standby that fell behind (it was started again, or the machine was slow) lets the
        // leader go on alone until it has caught up: killed then, the reads acknowledged alone
        // would be lost by design. The kill comes once writes wait for the standby again.
        await until(() => roleOf(leader.url).catch(() => null), (r) => r?.standby?.synchronous === true, 'the standby keeps up (writes wait for it)', 120_000);
        const gone = new Promise((r) => leader.child.once('exit', r));
        const killedAt = performance.now();
        leader.child.kill('SIGKILL');
        await gone;
        await until(() => postBatch(front, DEMO_EVENT_ID, token, reads(1, DEMO_FROM)).then(() => true, () => false), (ok) => ok, 'a write through the front door');
        failovers.push(performance.now() - killedAt);
        log(`cluster: failover ${k + 1}: ${Math.round(failovers[k])} ms`);
        // Back as the standby, copying the new leader's store, before the next kill.
        await cluster.restart(leader);
      }
      await device.stop();
      const acknowledged = device.acknowledged.length;
      const lost = await lostReads(front, DEMO_EVENT_ID, token, device.acknowledged);
      log(`cluster: failover p50 ${Math.round(percentile(failovers, 50))} max ${Math.round(Math.max(...failovers))} ms over ${kills} kills; ${lost} of ${acknowledged} acknowledged reads lost`);
      await cluster.stop();
      const clients = quick ? 60 : 3000;
      const rounds = quick ? 3 : 10;
      const one = await spectators(1, clients, rounds, log);
      const three = await spectators(3, clients, rounds, log);
      return {
        figures: [
          { measure: 'lone primary: durable reads/s, batches of 100', value: alone.perSecond, unit: `reads/s (p50 ${alone.p50} / p99 ${alone.p99} ms)` },
          { measure: 'front door, synchronous standby: durable reads/s, batches of 100', value: synced.perSecond, unit: `reads/s (p50 ${synced.p50} / p99 ${synced.p99} ms)` },
          { measure: `failover, kill -9 to a write accepted through the front door (${kills} kills, lease ${leaseMs} ms) p50 / max`, value: Math.round(percentile(failovers, 50)), unit: `/ ${Math.round(Math.max(...failovers))} ms` },
          { measure: `acknowledged reads lost over the ${kills} kills (a device posting through the front door throughout)`, value: lost, unit: `of ${acknowledged}` },
          { measure: `spectators held through the front door, 1 replica (of ${clients})`, value: one.held, unit: `(read→client p50 ${one.p50} / p99 ${one.p99} ms)` },
          { measure: `spectators held through the front door, 3 replicas (of ${clients})`, value: three.held, unit: `(read→client p50 ${three.p50} / p99 ${three.p99} ms)` },
        ],
        details: { batches, batchSize, concurrency: 4, leaseMs, alone, synced, failoversMs: failovers.map(Math.round), acknowledged, lost, spectators: { clients, rounds, one, three } },
      };
    } finally {
      await cluster.stop();
    }
  },
};
