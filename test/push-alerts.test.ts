// Alerts to spectators who follow runners, end to end: a primary in its own process (so
// NODE_EXTRA_CA_CERTS makes it trust a push-service stand-in on https://127.0.0.1), reads through the
// real ingest, and the stand-in checking each request's VAPID header and decrypting its payload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertPayload } from '../shared/alerts';
import { GUN, min, smallEvent } from './fixtures';
import { freePort, startChildServer, type ChildServer } from './support/child-server';
import { decryptPayload, PushServiceStandIn, verifyVapid, type PushRequest, type TestSubscription } from './support/push-service';
import { postReads, startPrimary, tempDataDir } from './support/servers';
import { waitFor } from './support/wait-for';

const TOKEN = 'push-test-device-token';
const tehran = smallEvent({ timeZone: 'Asia/Tehran' });
// Fay runs the 10 km too: her finish estimate is told before and after a restart.
const event = { ...tehran, entrants: [...tehran.entrants, { ...tehran.entrants[0], bib: '6', chip: 'C6', name: 'Fay' }] };
let push: PushServiceStandIn;
let server: ChildServer;
let port: number;
let dataDir: string;
let publicKey: string;
const taken = new Set<PushRequest>();

const start = () =>
  startChildServer({ port, dataDir, event, token: TOKEN, env: { NODE_EXTRA_CA_CERTS: push.certPath, PUSH_SERVICES: `${push.origin},https://*.push.example` } });

function subscribe(sub: Pick<TestSubscription, 'endpoint' | 'keys'>, bibs: string[], lang = 'en'): Promise<Response> {
  return fetch(`${server.url}/api/events/${event.id}/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ subscription: { endpoint: sub.endpoint, expirationTime: null, keys: sub.keys }, bibs, lang }),
  });
}

async function received(path: string, sub: TestSubscription): Promise<{ request: PushRequest; payload: AlertPayload }> {
  const request = await push.next(path, taken);
  const claims = verifyVapid(request, publicKey);
  expect(claims.aud).toBe(push.origin);
  expect(claims.exp).toBeGreaterThan(Date.now() / 1000);
  expect(claims.sub).toMatch(/^mailto:|^https:/);
  return { request, payload: JSON.parse(decryptPayload(request, sub)) as AlertPayload };
}

beforeAll(async () => {
  push = await PushServiceStandIn.start();
  port = await freePort();
  dataDir = tempDataDir();
  server = await start();
  publicKey = ((await (await fetch(`${server.url}/api/push/key`)).json()) as { publicKey: string }).publicKey;
});

afterAll(async () => {
  await server?.kill();
  await push?.close();
});

describe('alerts to followers (Web Push)', () => {
  it('answers the public VAPID key, and keeps it over a restart', async () => {
    expect(publicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
    await server.kill();
    server = await start();
    const again = (await (await fetch(`${server.url}/api/push/key`)).json()) as { publicKey: string };
    expect(again.publicKey).toBe(publicKey);
  });

  it('sends a followed runner’s passing, the finish estimate and the finish, signed and encrypted', async () => {
    const sub = push.subscription('/push/ana');
    const res = await subscribe(sub, ['1', '3']);
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect(id).toMatch(/\S/);

    expect((await postReads(server.url, event.id, TOKEN, { reads: [{ point: '5k', chip: 'C1', time: GUN + min(25) }] })).status).toBe(200);
    const passing = await received('/push/ana', sub);
    expect(Number(passing.request.headers.ttl)).toBeGreaterThan(0);
    expect(passing.payload).toMatchObject({ kind: 'passing', bib: '1', eventId: event.id, url: '/e/test-event/runner/1', title: 'Ana (1) passed 5 km', tag: 'test-event:1:passing:5k#0' });
    // 07:25 UTC is 10:55 in Tehran.
    expect(passing.payload.body).toBe('at 10:55:00 · place 1 · 5:00/km');

    const expected = await received('/push/ana', sub);
    expect(expected.payload.kind).toBe('expected');
    expect(expected.payload.body).toMatch(/^expected at the finish \d\d:\d\d–\d\d:\d\d$/);

    expect((await postReads(server.url, event.id, TOKEN, { reads: [{ point: 'finish', chip: 'C1', time: GUN + min(50) }] })).status).toBe(200);
    const finish = await received('/push/ana', sub);
    expect(finish.payload).toMatchObject({ kind: 'finish', title: 'Ana (1) finished' });
    expect(finish.payload.body).toBe('net 50:00 · place 1 overall · 1 among women · 1 in 18-34');
  });

  it('words an alert in the subscriber’s language', async () => {
    const sub = push.subscription('/push/ben-fa');
    expect((await subscribe(sub, ['2'], 'fa')).status).toBe(201);
    expect((await postReads(server.url, event.id, TOKEN, { reads: [{ point: '5k', chip: 'C2', time: GUN + min(27) }] })).status).toBe(200);
    const { payload } = await received('/push/ben-fa', sub);
    expect(payload.title).toBe('Ben (2) از 5 km گذشت');
  });

  it('drops a subscription the push service says is gone (410)', async () => {
    const sub = push.subscription('/push/gone');
    push.answer('/push/gone', 410);
    const res = await subscribe(sub, ['3']);
    const { id } = (await res.json()) as { id: string };
    expect(await (await fetch(`${server.url}/api/events/${event.id}/alerts/${id}`)).json()).toEqual({ id, bibs: ['3'], lang: 'en', spot: null });
    expect((await postReads(server.url, event.id, TOKEN, { reads: [{ point: '5k', chip: 'C3', time: GUN + min(26) }] })).status).toBe(200);
    await push.next('/push/gone', taken);
    await waitFor(() => fetch(`${server.url}/api/events/${event.id}/alerts/${id}`).then((r) => r.status), (s) => s === 404, 'the gone subscription removed');
  });

  it('tries again after a 503 and a 429, with the same alert', async () => {
    const sub = push.subscription('/push/flaky');
    push.answer('/push/flaky', 503, 429);
    expect((await subscribe(sub, ['2'])).status).toBe(201);
    expect((await postReads(server.url, event.id, TOKEN, { reads: [{ point: 'finish', chip: 'C2', time: GUN + min(55) }] })).status).toBe(200);
    const first = await push.next('/push/flaky', taken);
    const second = await push.next('/push/flaky', taken);
    const { payload } = await received('/push/flaky', sub);
    expect(payload).toMatchObject({ kind: 'finish', bib: '2' });
    // Backoff: a second, then two.
    expect(second.at - first.at).toBeGreaterThanOrEqual(900);
  });

  it('keeps subscriptions and keys over a restart', async () => {
    const sub = push.subscription('/push/restart');
    expect((await subscribe(sub, ['3'])).status).toBe(201);
    await server.kill();
    server = await start();
    expect((await postReads(server.url, event.id, TOKEN, { reads: [{ point: 'finish', chip: 'C3', time: GUN + min(52) }] })).status).toBe(200);
    const { payload } = await received('/push/restart', sub);
    expect(payload).toMatchObject({ kind: 'finish', bib: '3', title: 'Cyra (3) finished' });
  });

  it('tells the finish estimate once, also over a restart', async () => {
    const sub = push.subscription('/push/estimate');
    expect((await subscribe(sub, ['6'])).status).toBe(201);
    expect((await postReads(server.url, event.id, TOKEN, { reads: [{ point: '5k', chip: 'C6', time: GUN + min(30) }] })).status).toBe(200);
    expect((await received('/push/estimate', sub)).payload.kind).toBe('passing');
    expect((await received('/push/estimate', sub)).payload.kind).toBe('expected');
    await server.kill();
    server = await start();
    // A read of hers (the start mat, read late) makes her change again while the finish is next.
    expect((await postReads(server.url, event.id, TOKEN, { reads: [{ point: 'start', chip: 'C6', time: GUN + 2_000 }] })).status).toBe(200);
    expect((await postReads(server.url, event.id, TOKEN, { reads: [{ point: 'finish', chip: 'C6', time: GUN + min(61) }] })).status).toBe(200);
    const kinds: string[] = [];
    while (kinds.at(-1) !== 'finish') kinds.push((await received('/push/estimate', sub)).payload.kind);
    expect(kinds).not.toContain('expected');
  });

  it('ends a subscription on DELETE', async () => {
    const res = await subscribe(push.subscription('/push/stop'), ['2']);
    const { id } = (await res.json()) as { id: string };
    expect((await fetch(`${server.url}/api/events/${event.id}/alerts/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${server.url}/api/events/${event.id}/alerts/${id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('refuses a private runner exactly like an unknown one', async () => {
    const sub = push.subscription('/push/private');
    const privateRes = await subscribe(sub, ['5']);
    expect(privateRes.status).toBe(400);
    expect(((await privateRes.json()) as { error: string }).error).toBe('bibs: no runner with bib "5" in this event');
    const unknown = await subscribe(sub, ['999']);
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: string }).error).toBe('bibs: no runner with bib "999" in this event');
  });

  it('refuses an endpoint outside PUSH_SERVICES, saying why', async () => {
    const keys = push.subscription('/x').keys;
    for (const endpoint of ['https://attacker.example/push', 'http://127.0.0.1/push', `https://127.0.0.1:${port}/push`, 'https://push.example/x', 'https://user:pw@a.push.example/x']) {
      const res = await subscribe({ endpoint, keys }, ['1']);
      expect(res.status, endpoint).toBe(400);
      expect(((await res.json()) as { error: string }).error, endpoint).toMatch(/^subscription\.endpoint: the subscription endpoint /);
    }
    // A subdomain of a wildcard entry is accepted (then ended at once: nothing is ever sent there).
    const accepted = await subscribe({ endpoint: 'https://db5.push.example/w/?token=abc', keys }, ['4']);
    expect(accepted.status).toBe(201);
    const { id } = (await accepted.json()) as { id: string };
    expect((await fetch(`${server.url}/api/events/${event.id}/alerts/${id}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('refuses keys that could never be encrypted to', async () => {
    const sub = push.subscription('/push/bad-key');
    const bad = await subscribe({ endpoint: sub.endpoint, keys: { p256dh: 'B'.repeat(87), auth: sub.keys.auth } }, ['1']);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe('subscription.keys.p256dh: is not a P-256 public key');
  });

  it('refuses more than ten runners and an unknown event', async () => {
    const sub = push.subscription('/push/many');
    const many = await subscribe(sub, Array.from({ length: 11 }, (_, i) => String(i + 1)));
    expect(many.status).toBe(400);
    expect(((await many.json()) as { error: string }).error).toMatch(/at most 10 runners/);
    const res = await fetch(`${server.url}/api/events/no-such-event/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ subscription: { endpoint: sub.endpoint, keys: sub.keys }, bibs: ['1'], lang: 'en' }),
    });
    expect(res.status).toBe(404);
  });
});

describe('alert subscriptions per address', () => {
  it('are rate-limited, with a message that says when to retry', async () => {
    const p = await startPrimary({ config: { RATE_LIMIT_ALERTS: 2, PUSH_SERVICES: [{ origin: 'https://push.example', host: 'push.example', anySubdomain: false, port: '' }] } });
    try {
      const post = () =>
        fetch(`${p.server.url}/api/events/test-event/alerts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ subscription: { endpoint: 'https://push.example/a', keys: push.subscription('/unused').keys }, bibs: ['1'] }),
        });
      expect((await post()).status).toBe(201);
      expect((await post()).status).toBe(201);
      const refused = await post();
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as { error: string }).error).toMatch(/too many requests from this address/);
    } finally {
      await p.server.close();
    }
  });
});

describe('my spot (alerts about ten minutes before a followed runner reaches it)', () => {
  // A race run now: the spot alert is due by the clock, so the gun is 25 minutes ago.
  const gun = Date.now() - min(25);
  const live = smallEvent({ id: 'spot-event', date: new Date(gun).toISOString().slice(0, 10), races: smallEvent().races.map((r) => ({ ...r, gunTime: gun })) });
  let spotServer: ChildServer;

  beforeAll(async () => {
    spotServer = await startChildServer({ port: await freePort(), dataDir: tempDataDir(), event: live, token: TOKEN, env: { NODE_EXTRA_CA_CERTS: push.certPath, PUSH_SERVICES: push.origin } });
  });
  afterAll(async () => {
    await spotServer?.kill();
  });

  const post = (body: object) =>
    fetch(`${spotServer.url}/api/events/${live.id}/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('keeps the spot with the subscription and sends the alert as the runner nears it', async () => {
    const sub = push.subscription('/push/spot');
    const res = await post({ subscription: { endpoint: sub.endpoint, keys: sub.keys }, bibs: ['1'], lang: 'en', spot: { raceId: '10k', distance: 6500 } });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect(await (await fetch(`${spotServer.url}/api/events/${live.id}/alerts/${id}`)).json()).toEqual({ id, bibs: ['1'], lang: 'en', spot: { raceId: '10k', distance: 6500 } });
    // Ana passes 5 km now at 5:00/km: expected at 6.5 km in about 7.5 minutes.
    expect((await postReads(spotServer.url, live.id, TOKEN, { reads: [{ point: '5k', chip: 'C1', time: gun + min(25) }] })).status).toBe(200);
    let spot: AlertPayload | undefined;
    while (!spot) {
      const request = await push.next('/push/spot', taken);
      const payload = JSON.parse(decryptPayload(request, sub)) as AlertPayload;
      if (payload.kind === 'spot') spot = payload;
    }
    expect(spot).toMatchObject({ bib: '1', eventId: live.id, tag: 'spot-event:1:spot:6500', url: '/e/spot-event/runner/1', title: 'Ana (1) is about 10 minutes from your spot' });
    expect(spot.body).toMatch(/^expected at 6\.5 km \d\d:\d\d–\d\d:\d\d$/);
  });

  it('refuses a spot off the course or on no race, saying why', async () => {
    const sub = push.subscription('/push/spot-refused');
    const beyond = await post({ subscription: { endpoint: sub.endpoint, keys: sub.keys }, bibs: ['1'], spot: { raceId: '10k', distance: 12_000 } });
    expect(beyond.status).toBe(400);
    expect(((await beyond.json()) as { error: string }).error).toBe('spot: is beyond the course of 10 km (10000 m)');
    const nowhere = await post({ subscription: { endpoint: sub.endpoint, keys: sub.keys }, bibs: ['1'], spot: { raceId: 'marathon', distance: 100 } });
    expect(((await nowhere.json()) as { error: string }).error).toBe('spot: no race "marathon" in this event');
  });
});
