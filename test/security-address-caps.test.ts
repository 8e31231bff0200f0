// Caps per client address, not per socket: sockets one address may hold open, and the
// subscription budget all of its sockets share. Real server, real socket.io-client, loopback only
// (127.0.0.2 is another loopback address; forwarded addresses are only header values).
import { afterEach, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import type { Config } from '../server/config';
import { startPrimary, type TestPrimary, type TestSocket } from './support/servers';
import { waitFor } from './support/wait-for';

let p: TestPrimary | null = null;
const open: TestSocket[] = [];

afterEach(async () => {
  for (const s of open.splice(0)) s.close();
  await p?.server.close();
  p = null;
});

/** `frozen`: the server's clock stands still, so a budget never refills however slow the machine is. */
async function start(config: Partial<Config>, frozen = false): Promise<string> {
  const at = Date.now();
  p = await startPrimary({ config, clock: frozen ? () => at : undefined });
  return p.server.url;
}

/** A socket from `from` (a loopback address), optionally saying it was forwarded for `forwardedFor`. */
function socketFrom(url: string, options: { from?: string; forwardedFor?: string } = {}): TestSocket {
  const socket: TestSocket = connect(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    localAddress: options.from ?? '127.0.0.1',
    extraHeaders: options.forwardedFor ? { 'x-forwarded-for': options.forwardedFor } : {},
  } as Parameters<typeof connect>[1]);
  open.push(socket);
  return socket;
}

/** 'connected', or the refusal's message. */
function outcome(socket: TestSocket): Promise<string> {
  return new Promise((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (err) => resolve(err.message));
  });
}

const connectFrom = (url: string, options: { from?: string; forwardedFor?: string } = {}) => outcome(socketFrom(url, options));
const REFUSED = /^too many connections from your address \(at most 3\)/;

describe('sockets per address', () => {
  it('refuses the connection over the cap with a message, and accepts one again after a disconnect', async () => {
    const url = await start({ SOCKETS_PER_ADDRESS: 3 });
    const first = socketFrom(url);
    expect(await outcome(first)).toBe('connected');
    expect(await connectFrom(url)).toBe('connected');
    expect(await connectFrom(url)).toBe('connected');
    const refused = socketFrom(url);
    expect(await outcome(refused)).toMatch(REFUSED);
    // The server closes the refused connection itself.
    await waitFor(async () => refused.io.engine?.readyState, (s) => s === 'closed', 'refused connection closed');
    // Another address is not counted with this one.
    expect(await connectFrom(url, { from: '127.0.0.2' })).toBe('connected');
    first.close();
    await waitFor(() => connectFrom(url), (r) => r === 'connected', 'a connection accepted after a disconnect');
    expect(await connectFrom(url)).toMatch(REFUSED);
  });

  it('releases every connection: after many connects and disconnects, the cap is whole again', async () => {
    const url = await start({ SOCKETS_PER_ADDRESS: 3 });
    for (let i = 0; i < 40; i++) {
      const socket = socketFrom(url);
      expect(await outcome(socket)).toBe('connected');
      socket.close();
    }
    // Refused connections are not counted either.
    const extra = [socketFrom(url), socketFrom(url), socketFrom(url)];
    expect(await Promise.all(extra.map(outcome))).toEqual(['connected', 'connected', 'connected']);
    expect(await connectFrom(url)).toMatch(REFUSED);
    for (const s of extra) s.close();
    const again = await waitFor(
      async () => {
        const batch = [socketFrom(url), socketFrom(url), socketFrom(url)];
        const results = await Promise.all(batch.map(outcome));
        if (results.some((r) => r !== 'connected')) for (const s of batch) s.close();
        return results;
      },
      (results) => results.every((r) => r === 'connected'),
      'three connections at once after the churn',
    );
    expect(again).toEqual(['connected', 'connected', 'connected']);
  });

  it('counts the forwarded address only behind a trusted proxy', async () => {
    const trusted = await start({ SOCKETS_PER_ADDRESS: 3, TRUST_PROXY: 'loopback' });
    // Four clients behind the proxy: each is its own address.
    for (const client of ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4']) expect(await connectFrom(trusted, { forwardedFor: client })).toBe('connected');
    // One client behind the proxy is capped like any other.
    for (let i = 0; i < 3; i++) expect(await connectFrom(trusted, { forwardedFor: '10.0.0.9' })).toBe('connected');
    expect(await connectFrom(trusted, { forwardedFor: '10.0.0.9' })).toMatch(REFUSED);
    // An IPv6 client is counted by its /56, as the HTTP limits count it.
    for (let i = 0; i < 3; i++) expect(await connectFrom(trusted, { forwardedFor: `2001:db8:0:1${i}::1` })).toBe('connected');
    expect(await connectFrom(trusted, { forwardedFor: '2001:db8:0:ff::1' })).toMatch(REFUSED);
    for (const s of open.splice(0)) s.close();
    await p!.server.close();

    // Without TRUST_PROXY the header is the client's own claim: ignored.
    const direct = await start({ SOCKETS_PER_ADDRESS: 3 });
    for (const client of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) expect(await connectFrom(direct, { forwardedFor: client })).toBe('connected');
    expect(await connectFrom(direct, { forwardedFor: '10.0.0.4' })).toMatch(REFUSED);
  });

  it('uses the same address as the HTTP limits', async () => {
    const url = await start({ SOCKETS_PER_ADDRESS: 3, TRUST_PROXY: 'loopback', RATE_LIMIT_IP: 2 });
    const health = (client: string) => fetch(`${url}/api/health`, { headers: { 'x-forwarded-for': client } }).then((r) => r.status);
    expect([await health('10.0.0.7'), await health('10.0.0.7'), await health('10.0.0.7'), await health('10.0.0.8')]).toEqual([200, 200, 429, 200]);
  });
});

describe('the subscription budget per address', () => {
  // A window of the leaderboard: what an anonymous spectator may ask for.
  const subscribe = (socket: TestSocket) => socket.timeout(5_000).emitWithAck('race:view', { eventId: 'test-event', raceId: '10k', offset: 0, limit: 10 });

  it('is shared by all sockets of an address, not given again to each', async () => {
    const url = await start({ SOCKET_BURST: 10, SOCKETS_PER_ADDRESS: 10 }, true);
    const sockets = [socketFrom(url), socketFrom(url), socketFrom(url)];
    await Promise.all(sockets.map(outcome));
    const answers = [];
    for (const s of sockets) for (let i = 0; i < 5; i++) answers.push(await subscribe(s));
    // Ten at once for the address (a window costs one), then two a second:
    // fifteen in a row cannot all pass (they would, were the budget per socket).
    expect(answers.slice(0, 9).every((a) => a.ok)).toBe(true);
    const refused = answers.filter((a) => !a.ok);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]).toEqual({ ok: false, error: 'too many requests from your address; slow down', retryAfterMs: 2000 });
    // A socket opened now gets no fresh budget, while another address has its own.
    const late = socketFrom(url);
    const other = socketFrom(url, { from: '127.0.0.2' });
    await Promise.all([outcome(late), outcome(other)]);
    // (Refusals in a row count for the address too: a few, or the socket is cut off.)
    expect(await subscribe(late)).toMatchObject({ ok: false });
    for (let i = 0; i < 9; i++) expect((await subscribe(other)).ok).toBe(true);
  });

  it('is not refilled by closing every socket and reconnecting', async () => {
    const url = await start({ SOCKET_BURST: 10, SOCKETS_PER_ADDRESS: 10 }, true);
    const first = socketFrom(url);
    await outcome(first);
    for (let i = 0; i < 9; i++) expect((await subscribe(first)).ok).toBe(true);
    first.close();
    await waitFor(async () => p!.server.io.engine.clientsCount, (n) => n === 0, 'old socket released');
    const second = socketFrom(url);
    await outcome(second);
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(await subscribe(second));
    expect(answers.some((a) => !a.ok)).toBe(true);
  });
});
