// Crash safety: the primary is SIGKILLed at random moments while the simulator's feeder replays a
// race through the real HTTP ingest; it restarts on the same data directory and the feeder re-sends
// what was not acknowledged. Every acknowledged read must survive each crash, be stored once, and
// the final standings must equal those of an uninterrupted run.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Feeder, type FeederOptions } from '../server/simulator/feeder';
import { seededRandom } from '../shared/random';
import { freePort, startChildServer, type ChildServer } from './support/child-server';
import { leaderboards, reliabilityEvent, reliabilityPlan } from './support/race-fixture';
import { postReads, startPrimary, tempDataDir } from './support/servers';

const KILLS = 20;
const TOKEN = 'crash-test-device-token';
const event = reliabilityEvent();
const plan = reliabilityPlan(event);
const random = seededRandom(2026);

/** The race clock advances only while the server is up, so every kill lands mid-race. */
class UptimeFeeder extends Feeder {
  upSince: number | null = null;
  upTotal = 0;
  constructor(
    options: FeederOptions,
    private raceSpanMs: number,
    private uptimeBudgetMs: number,
  ) {
    super(options);
  }
  override clock(): number {
    const up = this.upTotal + (this.upSince === null ? 0 : Date.now() - this.upSince);
    return plan[0].time + (up / this.uptimeBudgetMs) * this.raceSpanMs;
  }
  serverUp(): void {
    this.upSince = Date.now();
  }
  serverDown(): void {
    if (this.upSince !== null) this.upTotal += Date.now() - this.upSince;
    this.upSince = null;
  }
}

function storedKeys(dataDir: string): string[] {
  const db = new Database(join(dataDir, 'splitcast.db'));
  try {
    return (db.prepare('SELECT read_key FROM reads WHERE event_id = ?').all(event.id) as { read_key: string }[]).map((r) => r.read_key);
  } finally {
    db.close();
  }
}

function deviceId(dataDir: string): string {
  const db = new Database(join(dataDir, 'splitcast.db'));
  try {
    return (db.prepare('SELECT id FROM devices WHERE event_id = ?').get(event.id) as { id: string }).id;
  } finally {
    db.close();
  }
}

// Watch the feeder's requests (the real fetch still does the work) so half the kills can be aimed
// at a request in flight: before, during or after its transaction.
const realFetch = globalThis.fetch;
let inFlight = 0;
let requestStarted: (() => void) | null = null;
globalThis.fetch = (async (...args: Parameters<typeof fetch>) => {
  inFlight++;
  requestStarted?.();
  try {
    return await realFetch(...args);
  } finally {
    inFlight--;
  }
}) as typeof fetch;
/** Resolves when a request is in flight (or after a while, when the feeder has nothing to send). */
const nextRequest = () =>
  new Promise<void>((r) => {
    if (inFlight > 0) return r();
    const timer = setTimeout(() => ((requestStarted = null), r()), 1000);
    requestStarted = () => ((requestStarted = null), clearTimeout(timer), r());
  });

let child: ChildServer | null = null;
afterAll(async () => {
  globalThis.fetch = realFetch;
  await child?.kill();
});

describe('crash safety', () => {
  it(`keeps every acknowledged read through ${KILLS} SIGKILLs and ends with the standings of an uninterrupted run`, async () => {
    const dataDir = tempDataDir();
    const port = await freePort();
    const start = () => startChildServer({ port, dataDir, event, token: TOKEN });
    const span = plan.at(-1)!.time - plan[0].time + 1;
    const meanUptime = 300;
    const feeder = new UptimeFeeder(
      { url: `http://127.0.0.1:${port}`, token: TOKEN, eventId: event.id, reads: plan, speed: 1, clockStart: plan[0].time, batchSize: 25, tickMs: 20 },
      span,
      KILLS * meanUptime,
    );

    child = await start();
    const device = deviceId(dataDir);
    const keyOf = (i: number) => `id:${device}:${plan[i].readId}`;
    feeder.serverUp();
    feeder.start();
    let killsWithTrafficInFlight = 0;
    for (let kill = 1; kill <= KILLS; kill++) {
      await new Promise((r) => setTimeout(r, 100 + random() * 2 * (meanUptime - 100)));
      if (kill % 2 === 0) {
        // Aim inside a request: on a quiet machine one takes a few ms, so try again if it finished.
        for (let tries = 0; tries < 20; tries++) {
          await nextRequest();
          await new Promise((r) => (random() < 0.5 ? setImmediate(r) : setTimeout(r, random() * 4)));
          if (inFlight > 0) break;
        }
      }
      if (inFlight > 0) killsWithTrafficInFlight++;
      await child.kill('SIGKILL');
      feeder.serverDown();
      // Reads leave the feeder's queue in plan order, only once acknowledged.
      const acknowledged = feeder.stats.sent;
      const stored = new Set(storedKeys(dataDir));
      const lost = plan.slice(0, acknowledged).filter((_, i) => !stored.has(keyOf(i)));
      expect(lost, `after kill ${kill}`).toEqual([]);
      child = await start();
      feeder.serverUp();
    }
    // Let the rest of the race arrive, then wait until everything is acknowledged.
    while (!feeder.done) await new Promise((r) => setTimeout(r, 20));
    feeder.stop();
    expect(feeder.stats.sent).toBe(plan.length);
    expect(killsWithTrafficInFlight).toBeGreaterThan(KILLS / 4);
    expect(feeder.stats.failedRequests).toBeGreaterThan(0); // the feeder did see the server go away
    console.info(`crash test: ${KILLS} kills, ${killsWithTrafficInFlight} with a request in flight, ${feeder.stats.duplicates} reads re-sent after a lost answer`);

    await child.kill('SIGKILL');
    const keys = storedKeys(dataDir);
    expect(keys.length).toBe(plan.length);
    expect(new Set(keys)).toEqual(new Set(plan.map((_, i) => keyOf(i))));

    child = await start();
    const interrupted = await leaderboards(child.url, event);

    // The same race, posted once to a server that never stops.
    const calm = await startPrimary({ event });
    try {
      for (let i = 0; i < plan.length; i += 500) {
        const res = await postReads(calm.server.url, event.id, calm.token, { reads: plan.slice(i, i + 500) });
        expect(res.status).toBe(200);
      }
      calm.server.primary!.runtime.publishNow();
      expect(interrupted).toEqual(await leaderboards(calm.server.url, event));
    } finally {
      await calm.server.close();
    }
  }, 180_000);
});
