// The issue's attacks on a live major: the Boston 2017 field (26,000 runners) fed at 60× through the
// real HTTP ingest, as the demo would, while one address (127.0.0.1) attacks for a phase each and
// another (127.0.0.2) measures /api/health. Per phase: everyone's health p50 against the quiet
// phase, the ingest's p99 (each batch's answer time at the feeder) and the bytes the anonymous
// attacker drew per byte it sent. Phases: 50 sockets re-subscribing (whole race and 200-row windows
// as fast as their address's budget lets them), 1,000 sockets each with its own filter, two
// concurrent 10,000-row leaderboards live and past (and the 200-row pages they may have), 50
// monitoring sockets of one organizer with distinct tolerances.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { resolve } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { ORGANIZER_NAMESPACE } from '../shared/organizer';
import { buildReplayEvent, RACE_ID } from '../server/replay/replay-event';
import { replayReads } from '../server/replay/read-batches';
import { parseResultsFile } from '../server/replay/results-file';
import { startBenchServer, type BenchServer } from './support/server-process';
import { clock, percentile, round } from './support/stats';
import type { Figure } from './support/types';

const RESULTS = resolve(import.meta.dirname, '../datasets/boston/2017.csv');
const EVENT_ID = 'boston-2017';
const FIRST_GUN = Date.UTC(2017, 3, 17, 14, 0);
const SPEED = 60;
const FEED_EVERY_MS = 250;
const ORGANIZER = { email: 'attacks@splitcast.test', password: 'attacks bench password' };

/** Byte size of what travels: binary as its length, the rest as JSON. */
function sizeOf(value: unknown): number {
  if (value instanceof ArrayBuffer) return value.byteLength;
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null).length;
  if (Array.isArray(value)) return 2 + value.reduce((n: number, v) => n + sizeOf(v) + 1, 0);
  return 2 + Object.entries(value).reduce((n, [k, v]) => n + k.length + 4 + sizeOf(v), 0);
}

/** The reads of the race fed at SPEED from the first gun, a batch every FEED_EVERY_MS; each batch's answer time kept. */
class Feed {
  latencies: { at: number; ms: number }[] = [];
  private next = 0;
  private running = true;
  private done: Promise<void>;

  constructor(url: string, token: string, reads: { point: string; bib: string; time: number }[]) {
    const started = clock();
    this.done = (async () => {
      while (this.running && this.next < reads.length) {
        const raceNow = FIRST_GUN - 60_000 + (clock() - started) * SPEED;
        let end = this.next;
        while (end < reads.length && reads[end].time <= raceNow) end++;
        if (end > this.next) {
          const batch = reads.slice(this.next, end);
          this.next = end;
          const t0 = clock();
          const res = await fetch(`${url}/api/events/${EVENT_ID}/reads`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ reads: batch }) });
          await res.arrayBuffer();
          this.latencies.push({ at: clock(), ms: clock() - t0 });
        }
        await new Promise((r) => setTimeout(r, FEED_EVERY_MS));
      }
    })();
  }

  between(from: number, to: number): number[] {
    return this.latencies.filter((l) => l.at >= from && l.at <= to).map((l) => l.ms);
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }
}

/** /api/health from another loopback address, one after another, for `ms`. */
async function probe(url: string, ms: number): Promise<number[]> {
  const { port } = new URL(url);
  const out: number[] = [];
  const until = clock() + ms;
  while (clock() < until) {
    const t0 = clock();
    await new Promise<void>((done) => {
      const req = request({ host: '127.0.0.1', port, path: '/api/health', localAddress: '127.0.0.2' }, (res) => {
        res.resume();
        res.on('end', () => done());
      });
      req.on('error', () => done());
      req.end();
    });
    out.push(clock() - t0);
    await new Promise((r) => setTimeout(r, 20));
  }
  return out;
}

interface Traffic {
  sent: number;
  received: number;
}

async function openSocket(url: string, traffic: Traffic, path = ''): Promise<Socket | null> {
  const socket = connect(`${url}${path}`, { transports: ['websocket'], forceNew: true, reconnection: false });
  socket.onAny((_event, ...args) => (traffic.received += sizeOf(args)));
  const ok = await new Promise<boolean>((done) => (socket.once('connect', () => done(true)), socket.once('connect_error', () => done(false))));
  if (!ok) socket.close();
  return ok ? socket : null;
}

function ask(socket: Socket, traffic: Traffic, event: string, payload: unknown): Promise<void> {
  traffic.sent += sizeOf([event, payload]);
  return new Promise((done) => {
    socket.timeout(5_000).emit(event, payload, (err: Error | null, res: unknown) => {
      if (!err) traffic.received += sizeOf(res);
      done();
    });
  });
}

type Attack = (url: string, traffic: Traffic, until: number) => Promise<void>;

/** 50 sockets asking again and again for the whole race and for 200-row windows at random offsets. */
const resubscribing: Attack = async (url, traffic, until) => {
  const sockets = (await Promise.all(Array.from({ length: 50 }, () => openSocket(url, traffic)))).filter((s): s is Socket => s !== null);
  await Promise.all(
    sockets.map(async (socket, i) => {
      for (let n = 0; clock() < until && socket.connected; n++) {
        if (n % 2) await ask(socket, traffic, 'race:subscribe', { eventId: EVENT_ID, raceId: RACE_ID });
        else await ask(socket, traffic, 'race:view', { eventId: EVENT_ID, raceId: RACE_ID, offset: ((i * 997 + n * 200) % 26_000) - (((i * 997 + n * 200) % 26_000) % 50), limit: 200 });
        await new Promise((r) => setTimeout(r, 100));
      }
    }),
  );
  for (const s of sockets) s.close();
};

/** 1,000 sockets, each showing the race with a filter no other uses (most match no one), kept open. */
const distinctFilters: Attack = async (url, traffic, until) => {
  const sockets = (await Promise.all(Array.from({ length: 1_000 }, () => openSocket(url, traffic)))).filter((s): s is Socket => s !== null);
  const countries = ['USA', 'CAN', 'GBR', 'MEX', 'JPN', 'DEU', 'KEN', 'ETH'];
  await Promise.all(
    sockets.map((socket, i) =>
      ask(socket, traffic, 'race:view', { eventId: EVENT_ID, raceId: RACE_ID, offset: 0, limit: 200, ...(i % 3 === 0 ? { gender: i % 2 ? 'M' : 'F', country: countries[i % countries.length] } : { ageGroup: `Z${i}` }) }),
    ),
  );
  while (clock() < until) await new Promise((r) => setTimeout(r, 200));
  for (const s of sockets) s.close();
};

/** Two clients asking for 10,000-row leaderboards, one live and one past, back to back; then the 200-row pages they may have. */
const bigLeaderboards: Attack = async (url, traffic, until) => {
  const get = async (path: string) => {
    traffic.sent += path.length + 80;
    const res = await fetch(`${url}${path}`);
    traffic.received += (await res.arrayBuffer()).byteLength + 150;
  };
  const board = `/api/events/${EVENT_ID}/races/${RACE_ID}/leaderboard`;
  const past = () => FIRST_GUN + 30 * 60_000 + Math.floor(Math.random() * 60) * 60_000;
  await Promise.all([
    (async () => {
      for (let n = 0; clock() < until; n++) await get(n % 2 ? `${board}?limit=10000` : `${board}?offset=${(n * 200) % 26_000}&limit=200`);
    })(),
    (async () => {
      for (let n = 0; clock() < until; n++) await get(n % 2 ? `${board}?at=${past()}&limit=10000` : `${board}?at=${past()}&offset=${(n * 200) % 26_000}&limit=200`);
    })(),
  ]);
};

/** 50 monitoring sockets of one organizer (ten per session), each with its own tolerances. */
const monitoring: Attack = async (url, traffic, until) => {
  const cookies: string[] = [];
  for (let i = 0; i < 5; i++) {
    const res = await fetch(`${url}/api/organizer/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ORGANIZER) });
    cookies.push(res.headers.get('set-cookie')!.split(';')[0]);
  }
  const sockets = await Promise.all(
    Array.from({ length: 50 }, async (_, i) => {
      const socket = connect(`${url}${ORGANIZER_NAMESPACE}`, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie: cookies[Math.floor(i / 10)] } });
      socket.onAny((_event, ...args) => (traffic.received += sizeOf(args)));
      await new Promise<void>((done) => (socket.once('connect', () => done()), socket.once('connect_error', () => done())));
      return socket;
    }),
  );
  await Promise.all(sockets.map((s, i) => ask(s, traffic, 'monitoring:subscribe', { eventId: EVENT_ID, options: { overdueToleranceSeconds: 300 + i * 7, silenceSeconds: 120 + i * 3 } })));
  while (clock() < until) await new Promise((r) => setTimeout(r, 200));
  for (const s of sockets) s.close();
};

const ATTACKS: { name: string; attack: Attack; anonymous: boolean }[] = [
  { name: '50 sockets re-subscribing', attack: resubscribing, anonymous: true },
  { name: '1,000 sockets with distinct filters', attack: distinctFilters, anonymous: true },
  { name: 'two 10,000-row leaderboards, live and past', attack: bigLeaderboards, anonymous: true },
  { name: '50 monitoring sockets', attack: monitoring, anonymous: false },
];

export async function bostonAttacks(quick: boolean, log: (line: string) => void): Promise<{ figures: Figure[]; details: Record<string, unknown> }> {
  const phaseMs = quick ? 5_000 : 20_000;
  const file = parseResultsFile(readFileSync(process.env.BENCH_BOSTON_FILE ?? RESULTS, 'utf8'));
  const event = buildReplayEvent(file, { eventId: EVENT_ID, name: 'Boston 2017', date: '2017-04-17', firstGun: FIRST_GUN, seed: 2017 });
  const reads = replayReads(event, file.columns.splits.map((s) => s.header))
    .sort((a, b) => a.time - b.time)
    .map((r) => ({ point: r.point, bib: r.bib, time: r.time }));
  const server: BenchServer = await startBenchServer({ event: event.setup, socketLimits: true, organizer: ORGANIZER });
  const feed = new Feed(server.url, server.token, reads);
  try {
    // The field on course first (the waves are off 20 to 60 minutes after the first gun: 20 to 60 s here).
    await new Promise((r) => setTimeout(r, quick ? 20_000 : 75_000));
    const phases: { name: string; health: number[]; ingest: number[]; bytesPerByte: number | null; traffic: Traffic }[] = [];
    const quietFrom = clock();
    const quiet = await probe(server.url, phaseMs);
    phases.push({ name: 'quiet', health: quiet, ingest: feed.between(quietFrom, clock()), bytesPerByte: null, traffic: { sent: 0, received: 0 } });
    for (const { name, attack, anonymous } of ATTACKS) {
      const traffic: Traffic = { sent: 0, received: 0 };
      const from = clock();
      const until = from + phaseMs;
      const [health] = await Promise.all([probe(server.url, phaseMs), attack(server.url, traffic, until)]);
      phases.push({ name, health, ingest: feed.between(from, clock()), bytesPerByte: anonymous && traffic.sent > 0 ? traffic.received / traffic.sent : null, traffic });
      // Let the server settle (sockets closed) before the next phase.
      await new Promise((r) => setTimeout(r, 2_000));
    }
    const quietP50 = percentile(quiet, 50);
    const healthTarget = Math.max(3, 2 * quietP50);
    const figures: Figure[] = [];
    for (const p of phases) {
      const h = percentile(p.health, 50);
      const i99 = p.ingest.length > 0 ? percentile(p.ingest, 99) : NaN;
      log(`attacks (Boston at ${SPEED}×): ${p.name}: health p50 ${h.toFixed(1)} ms, ingest p99 ${i99.toFixed(0)} ms (${p.ingest.length} batches)${p.bytesPerByte !== null ? `, ${p.bytesPerByte.toFixed(0)} bytes back per byte sent` : ''}`);
      const quietPhase = p.name === 'quiet';
      figures.push({ measure: `Boston ${SPEED}×, ${p.name}: health p50`, value: round(h), unit: 'ms', ...(quietPhase ? {} : { target: `<= ${round(healthTarget)}`, met: h <= healthTarget }) });
      figures.push({ measure: `Boston ${SPEED}×, ${p.name}: ingest p99`, value: round(i99), unit: 'ms', target: '<= 250', met: i99 <= 250 });
      if (p.bytesPerByte !== null) figures.push({ measure: `Boston ${SPEED}×, ${p.name}: bytes back per byte sent`, value: round(p.bytesPerByte), unit: '', target: '<= 1000', met: p.bytesPerByte <= 1000 });
    }
    const stats = await server.stats();
    return { figures, details: { phases: phases.map((p) => ({ name: p.name, health: p.health, ingest: p.ingest, traffic: p.traffic })), rssMb: Math.round(stats.memory.rss / 1e6) } };
  } finally {
    await feed.stop();
    await server.close();
  }
}
