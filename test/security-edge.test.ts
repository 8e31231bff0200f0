// The HTTP edge: security headers and CSP, CORS closed, errors without internals (Express's own 404s
// and parse errors included), rate limits with 429 and Retry-After, secure cookies behind TLS, and
// structured logs with request ids that hold no secrets.
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSplitcast, type Splitcast } from '../server/app';
import { configWith } from '../server/config';
import { GUN } from './fixtures';
import { ADMIN, logIn } from './organizer-helpers';
import { checkAnswer } from './support/fuzz';
import { postReads, startPrimary, tempDataDir, type TestPrimary } from './support/servers';
import { smallEvent } from './fixtures';

type LogLine = Record<string, unknown> & { req?: { id?: string; method?: string; url?: string }; res?: { statusCode?: number } };
const logLines: LogLine[] = [];
const logWaiters = new Set<() => void>();
const logStream = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const line of chunk.toString().split('\n').filter(Boolean)) logLines.push(JSON.parse(line) as LogLine);
    for (const w of [...logWaiters]) w();
    done();
  },
});
/** The request's log line: pino-http writes it when the response has finished. */
function logOf(requestId: string): Promise<LogLine> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const line = logLines.find((l) => l.req?.id === requestId && l.res);
      if (!line) return;
      logWaiters.delete(check);
      clearTimeout(timer);
      resolve(line);
    };
    const timer = setTimeout(() => reject(new Error(`no log line for request ${requestId}`)), 5_000);
    logWaiters.add(check);
    check();
  });
}

let server: Splitcast;
let token: string;
beforeAll(async () => {
  server = await createSplitcast(
    configWith({ PORT: 0, HOST: '127.0.0.1', DATA_DIR: tempDataDir(), TRUST_PROXY: 1, ORGANIZER_EMAIL: ADMIN.email, ORGANIZER_PASSWORD: ADMIN.password }),
    { log: pino({ level: 'debug' }, logStream) },
  );
  server.primary!.runtime.saveSetup(smallEvent());
  token = server.primary!.devices.create('test-event', 'edge mat', Date.now()).token;
});
afterAll(async () => {
  await server?.close();
});

describe('security headers', () => {
  it('sends helmet headers and a strict Content-Security-Policy', async () => {
    const res = await fetch(`${server.url}/api/health`);
    const csp = res.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'self'"]) expect(csp).toContain(directive);
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('keeps CORS closed: no Access-Control-Allow-Origin for another site, preflights included', async () => {
    const origin = 'https://evil.example';
    const get = await fetch(`${server.url}/api/events`, { headers: { origin } });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${server.url}/api/events/test-event/reads`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-headers')).toBeNull();
  });
});

describe('error answers', () => {
  it('answers unknown paths, bad JSON, bad URLs and internal failures with JSON and no internals', async () => {
    const cases: [string, RequestInit, number][] = [
      ['/no/such/page', {}, 404],
      ['/api/no-such-endpoint', {}, 404],
      ['/api/events/%E0%A4%A', {}, 400],
      ['/api/events/test-event/reads', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{"reads": [' }, 400],
      ['/api/events/test-event/reads', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '"x'.padEnd(3_000_000, 'x') + '"' }, 413],
      ['/api/events/test-event/races/10k/leaderboard?limit=-1&offset=x', {}, 400],
    ];
    for (const [path, init, status] of cases) {
      const res = await fetch(`${server.url}${path}`, init);
      const text = await res.text();
      expect(res.status, path).toBe(status);
      expect(res.headers.get('content-type'), path).toMatch(/application\/json/);
      expect(checkAnswer(res.status, text), path).toBeNull();
      expect(text).not.toMatch(/Cannot (GET|POST)|<html|<pre>/i);
    }
  });

  it('a failure inside a route is a bare 500: no message from inside, no stack', async () => {
    // A second server whose database is gone (a disk failure, say): the ingest's write throws.
    const broken = await createSplitcast(configWith({ PORT: 0, HOST: '127.0.0.1', DATA_DIR: tempDataDir() }), { log: pino({ level: 'debug' }, logStream) });
    broken.primary!.runtime.saveSetup(smallEvent());
    const brokenToken = broken.primary!.devices.create('test-event', 'broken mat', Date.now()).token;
    broken.primary!.db.close();
    try {
      const res = await postReads(broken.url, 'test-event', brokenToken, { reads: [{ point: 'start', chip: 'C1', time: GUN }] });
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: 'internal error' });
      // The cause goes to the log (level error), not to the client.
      expect(await logOf(res.headers.get('x-request-id')!)).toMatchObject({ level: 50, res: { statusCode: 500 } });
    } finally {
      await broken.close().catch(() => undefined);
    }
  });
});

describe('logs', () => {
  it('are structured, carry the request id (given or made) and hold no tokens or cookies', async () => {
    const res = await postReads(server.url, 'test-event', token, { reads: [{ point: 'nowhere', chip: 'C1', time: GUN }] });
    const given = await fetch(`${server.url}/api/events/nope`, { headers: { 'x-request-id': 'race-day-42' } });
    expect(given.headers.get('x-request-id')).toBe('race-day-42');
    const made = res.headers.get('x-request-id');
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
    const cookie = await logIn(server.url, ADMIN.email, ADMIN.password);
    await fetch(`${server.url}/api/organizer/me`, { headers: { cookie } });
    await fetch(`${server.url}/api/organizer/me`, { headers: { cookie: 'sc_session=forged-session-value' } });
    expect(await logOf('race-day-42')).toMatchObject({ level: 40, res: { statusCode: 404 } });
    expect(await logOf(made!)).toMatchObject({ level: 40, req: { method: 'POST', url: '/api/events/test-event/reads' }, res: { statusCode: 422 } });
    const all = JSON.stringify(logLines);
    expect(all).not.toContain(token);
    expect(all).not.toContain(cookie.split('=')[1]);
    expect(all).not.toContain('forged-session-value');
  });
});

describe('cookies', () => {
  it('are Secure, HttpOnly and SameSite=Strict when served over TLS (behind the trusted proxy)', async () => {
    const login = (proto: string) =>
      fetch(`${server.url}/api/organizer/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-proto': proto },
        body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
      });
    const tls = (await login('https')).headers.get('set-cookie') ?? '';
    expect(tls).toMatch(/; Secure/);
    expect(tls).toMatch(/; HttpOnly/);
    expect(tls).toMatch(/; SameSite=Strict/);
    // Plain HTTP (a laptop at the finish line): the cookie must still work, so not Secure.
    expect((await login('http')).headers.get('set-cookie') ?? '').not.toMatch(/; Secure/);
  });
});

describe('rate limits', () => {
  let limited: TestPrimary;
  beforeAll(async () => {
    limited = await startPrimary({ config: { RATE_LIMIT_DEVICE: 3, RATE_LIMIT_IP: 8, RATE_LIMIT_WINDOW_MS: 60_000 } });
  });
  afterAll(async () => {
    await limited?.server.close();
  });

  it('refuse a device over its limit with 429 and Retry-After, then every request of an address over its own', async () => {
    const read = (i: number) => ({ reads: [{ point: 'start', chip: 'C1', time: GUN + i }] });
    for (let i = 0; i < 3; i++) expect((await postReads(limited.server.url, 'test-event', limited.token, read(i))).status).toBe(200);
    const refused = await postReads(limited.server.url, 'test-event', limited.token, read(3));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await refused.json()).error).toMatch(/too many requests from this device token: at most 3 per 60 s; retry after \d+ s/);
    expect(limited.server.primary!.readLog.count('test-event')).toBe(3);
    // Another device on the same address still gets through, until the address's limit.
    const other = limited.server.primary!.devices.create('test-event', 'second mat', Date.now()).token;
    expect((await postReads(limited.server.url, 'test-event', other, read(4))).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await fetch(`${limited.server.url}/api/health`)).status).toBe(200);
    const health = await fetch(`${limited.server.url}/api/health`);
    expect(health.status).toBe(429);
    expect(health.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await health.json()).error).toMatch(/too many requests from this address/);
  });
});
