// What a hostile client can still try on race day, each against the real server: deeply nested
// JSON from anyone, snapshot amplification over one socket, log-in guessing from many addresses,
// phone trackers without their key, and sockets from a page of another scheme. Each is refused,
// and other clients keep being served while it runs.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { demoEvent, DEMO_EVENT_ID } from '../server/demo/demo-event';
import { ADMIN, call, startWithOrganizer } from './organizer-helpers';
import { connectSocket, type TestPrimary, type TestSocket } from './support/servers';

let p: TestPrimary & { cookie: string };

beforeAll(async () => {
  p = await startWithOrganizer({ event: demoEvent(Date.now()), config: { TRUST_PROXY: 1, RATE_LIMIT_IP: 0 } });
});
afterAll(async () => {
  await p?.server.close();
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** POST a body without waiting to read more than the status: what a flooding client does. */
function postRaw(url: string, path: string, body: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('deeply nested JSON', () => {
  it('is never parsed where no body is taken, refused before parsing where one is, and health stays fast', async () => {
    const nested = '['.repeat(900_000) + ']'.repeat(900_000);
    let flooding = true;
    const statuses = new Set<number>();
    const flooders = Array.from({ length: 6 }, async () => {
      while (flooding) statuses.add(await postRaw(p.server.url, '/api/health', nested));
    });
    const latencies: number[] = [];
    for (let i = 0; i < 30; i++) {
      const started = performance.now();
      const res = await fetch(`${p.server.url}/api/health`);
      latencies.push(performance.now() - started);
      expect(res.status).toBe(200);
    }
    flooding = false;
    await Promise.all(flooders);
    expect([...statuses]).toEqual([404]);
    console.log(`health latency with 6 nested-JSON flooders: median ${median(latencies).toFixed(1)} ms (2 cores shared with other work)`);
    // The benchmark holds the 50 ms target; here only that nobody waits on the flood's parsing.
    expect(median(latencies)).toBeLessThan(1_000);

    const ingest = await postRaw(p.server.url, `/api/events/${DEMO_EVENT_ID}/reads`, nested, { authorization: `Bearer ${p.token}` });
    expect(ingest).toBe(400);
    const anonymous = await postRaw(p.server.url, `/api/events/${DEMO_EVENT_ID}/reads`, nested);
    expect(anonymous).toBe(401);
    const res = await fetch(`${p.server.url}/api/events/${DEMO_EVENT_ID}/reads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${p.token}` },
      body: '{"reads":' + '['.repeat(40) + ']'.repeat(40) + '}',
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('request body nests deeper than 32 levels');
  });
});

describe('snapshot amplification', () => {
  let attacker: TestSocket;
  let bystander: TestSocket;
  afterAll(() => {
    attacker?.close();
    bystander?.close();
  });

  it('a socket re-subscribing 100 times a second is refused, then cut off, having drawn little', async () => {
    // Anonymous: the whole race is refused to it at every try, before anything is built.
    attacker = await connectSocket(p.server.url);
    // From another address: the budget is shared by all of an address's sockets.
    bystander = await connectSocket(p.server.url, { localAddress: '127.0.0.2', wholeRace: true });
    const sub = { eventId: DEMO_EVENT_ID, raceId: 'marathon' };
    const snapshotBytes = JSON.stringify(await bystander.emitWithAck('race:subscribe', sub)).length;
    expect(snapshotBytes).toBeGreaterThan(50_000);

    let drawn = 0;
    let refused = 0;
    const disconnected = new Promise<void>((resolve) => attacker.once('disconnect', () => resolve()));
    const started = Date.now();
    let cutOff = false;
    void disconnected.then(() => (cutOff = true));
    while (!cutOff && Date.now() - started < 5_000) {
      for (let i = 0; i < 10 && !cutOff; i++) {
        attacker.timeout(2_000).emit('race:subscribe', sub, (err: Error | null, res: { ok: boolean }) => {
          if (err) return;
          drawn += JSON.stringify(res).length;
          if (!res.ok) refused++;
        });
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    await disconnected;
    console.log(`re-subscribing socket drew ${(drawn / 1e6).toFixed(2)} MB (snapshot ${(snapshotBytes / 1e3).toFixed(0)} KB) before it was cut off`);
    expect(refused).toBeGreaterThan(0);
    expect(drawn).toBeLessThan(10_000_000);
    // The bystander on the same server is still served at once.
    const t0 = performance.now();
    const again = await bystander.emitWithAck('race:subscribe', sub);
    expect(again.ok).toBe(true);
    expect(performance.now() - t0).toBeLessThan(1_000);
  });
});

describe('log-in guessing', () => {
  const attempt = (password: string, address: string) =>
    fetch(`${p.server.url}/api/organizer/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ email: ADMIN.email, password }),
    });

  it('puts addresses that failed on an account into a growing wait, and never locks out the real organizer', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 8; i++) answers.push((await attempt(`guess number ${i}`, '203.0.113.7')).status);
    expect(answers.slice(0, 6)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(answers.slice(6)).toEqual([429, 429]);
    const waited = await attempt(ADMIN.password, '203.0.113.7');
    expect(waited.status).toBe(429);
    expect(Number(waited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Many more addresses: each gets one try before it waits too.
    for (let a = 1; a <= 5; a++) {
      expect((await attempt('another guess', `198.51.100.${a}`)).status).toBe(401);
      expect((await attempt('and another', `198.51.100.${a}`)).status).toBe(429);
    }
    // The organizer at the venue, who never failed, logs in.
    expect((await attempt(ADMIN.password, '192.0.2.50')).status).toBe(200);
  });
});

describe('phone trackers', () => {
  it('are limited per tracker, and one tracker over its rate does not slow another', async () => {
    const register = (id: string, bib: string) => call(p.server.url, 'PUT', `/api/organizer/events/${DEMO_EVENT_ID}/timing/trackers/${id}`, { cookie: p.cookie, body: { bib } });
    const bibs = demoEvent(Date.now()).entrants.filter((e) => !e.private).map((e) => e.bib);
    const fast = (await register('fast-phone', bibs[0])).body;
    const calm = (await register('calm-phone', bibs[1])).body;
    const fix = (r: { trackerId: string; key: string }) => fetch(`${p.server.url}/api/events/${DEMO_EVENT_ID}/osmand?id=${r.trackerId}&key=${r.key}&lat=35.7&lon=51.4`);
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await fix(fast)).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(5);
    expect((await fix(calm)).status).toBe(200);
    expect((await fetch(`${p.server.url}/api/events/${DEMO_EVENT_ID}/osmand?id=${fast.trackerId}&key=wrong&lat=35.7&lon=51.4`)).status).toBe(401);
  });
});

describe('socket origins', () => {
  const attempt = (origin: string) =>
    new Promise<boolean>((resolve) => {
      const socket = connect(p.server.url, { transports: ['polling'], forceNew: true, reconnection: false, extraHeaders: { origin } });
      socket.once('connect', () => (socket.close(), resolve(true)));
      socket.once('connect_error', () => (socket.close(), resolve(false)));
    });

  it('compare scheme and host: a page of this host over another scheme may not connect', async () => {
    const host = new URL(p.server.url).host;
    expect(await attempt(`http://${host}`)).toBe(true);
    expect(await attempt(`https://${host}`)).toBe(false);
    expect(await attempt(`http://evil.example`)).toBe(false);
  });
});
