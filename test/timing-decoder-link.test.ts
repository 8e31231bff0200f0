// Splitcast reading a Race Result decoder itself: fetch what is on the decoder, take pushed
// passings, and after the link drops fetch by number what was passed meanwhile — each read once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUN, min, smallEvent } from './fixtures';
import { call, logIn, startWithOrganizer } from './organizer-helpers';
import { waitFor } from './support/wait-for';
import { FakeDecoder } from './support/fake-decoder';
import { connectSocket, nextUpdate, type TestPrimary, type TestSocket } from './support/servers';

const RUNNERS = 20;
/** The fake decoder listens on a loopback address of its own, which the admin lists as a decoder network. */
const VENUE = '127.0.0.2';
let p: TestPrimary & { cookie: string };
let decoder: FakeDecoder;
let port: number;
let spectator: TestSocket;

const tod = (ms: number) => new Date(ms).toISOString().slice(11, 23);
const record = (i: number) => (no: number) => `${no};K${i};2026-04-17;${tod(GUN + min(40) + i * 20_000)};1;4;-58;0;0;1;0;0;0;0;0;0;FIN-BOX;1;1;4711`;

beforeAll(async () => {
  const base = smallEvent();
  const event = { ...base, entrants: Array.from({ length: RUNNERS }, (_, i) => ({ bib: String(i + 1), chip: `K${i}`, name: `R${i}`, gender: 'F' as const, raceId: '10k', status: 'registered' as const, private: false })) };
  p = await startWithOrganizer({ event, config: { DECODER_NETWORKS: `${VENUE}/32` } });
  decoder = new FakeDecoder();
  port = await decoder.listen(VENUE);
  spectator = await connectSocket(p.server.url, { wholeRace: true });
  expect((await spectator.emitWithAck('race:subscribe', { eventId: 'test-event', raceId: '10k' })).ok).toBe(true);
});
afterAll(async () => {
  spectator?.close();
  await p?.server.close();
  await decoder?.close();
});

const finished = (n: number) => nextUpdate(spectator, 'race:update', (u) => u.raceId === '10k' && u.counters.finished === n, 20_000);

describe('Race Result decoder link', () => {
  it('only an admin may point Splitcast at a decoder, and only inside the decoder networks', async () => {
    const res = await fetch(`${p.server.url}/api/events/test-event/timing/device`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${p.token}` },
      body: JSON.stringify({ connect: { host: VENUE, port } }),
    });
    expect(res.status).toBe(403);
    const device = p.server.primary!.devices.create('test-event', 'probe', Date.now()).device;
    const path = `/api/organizer/events/test-event/timing/devices/${device.id}`;
    const created = await call(p.server.url, 'POST', '/api/organizer/accounts', { cookie: p.cookie, body: { email: 'timer@splitcast.test', password: 'a long enough password', role: 'organizer', eventIds: ['test-event'] } });
    expect(created.status).toBe(201);
    const organizer = await logIn(p.server.url, 'timer@splitcast.test', 'a long enough password');
    const byOrganizer = await call(p.server.url, 'PUT', path, { cookie: organizer, body: { connect: { host: VENUE, port } } });
    expect(byOrganizer.status).toBe(403);
    expect(byOrganizer.body.error).toMatch(/only an admin/);
    const cases: [string, number, RegExp][] = [
      ['127.0.0.1', port, /loopback/],
      ['localhost', port, /loopback/],
      ['::1', port, /loopback/],
      [VENUE, p.server.port, /this server/],
      ['10.1.2.3', 3601, /outside the networks/],
      ['no-such-host.invalid', 3601, /does not resolve/],
    ];
    for (const [host, target, why] of cases) {
      const refused = await call(p.server.url, 'PUT', path, { cookie: p.cookie, body: { connect: { host, port: target } } });
      expect(refused.status, host).toBe(400);
      expect(refused.body.error, host).toMatch(why);
    }
    expect(p.server.primary!.timing.connectors.get(device.id)).toBeUndefined();
  });

  it('fetches, follows pushes and re-fetches the gap after a dropped link', async () => {
    for (let i = 0; i < 8; i++) decoder.add(record(i));
    const device = p.server.primary!.devices.create('test-event', 'finish decoder', Date.now()).device;
    const first = finished(8);
    const res = await call(p.server.url, 'PUT', `/api/organizer/events/test-event/timing/devices/${device.id}`, {
      cookie: p.cookie,
      body: { connect: { host: VENUE, port }, locations: { 'FIN-BOX': 'finish' } },
    });
    expect(res.status).toBe(200);
    expect(res.body.connect).toEqual({ host: VENUE, port });
    await first;
    // The console sees the link: connected, its last passing, no error.
    const listed = await call(p.server.url, 'GET', '/api/organizer/events/test-event/timing/devices', { cookie: p.cookie });
    const state = listed.body.devices.find((d: { id: string }) => d.id === device.id).link;
    expect(state).toMatchObject({ address: { host: VENUE, port }, connected: true, lastError: null });
    expect(state.lastPassingAt).toBeGreaterThan(0);

    const pushed = finished(12);
    for (let i = 8; i < 12; i++) decoder.add(record(i));
    await pushed;

    const reconnected = decoder.nextConnection();
    decoder.dropClients();
    for (let i = 12; i < RUNNERS; i++) decoder.add(record(i)); // passed while the link was down
    await reconnected;
    await finished(RUNNERS);

    expect(p.server.primary!.readLog.count('test-event')).toBe(RUNNERS);
    expect(decoder.commands).toContain('1:8');
    expect(decoder.commands).toContain('13:8');
    const link = p.server.primary!.timing.connectors.get(device.id)!;
    expect(link.counts).toMatchObject({ accepted: RUNNERS, duplicates: 0, rejected: 0 });
    const board = p.server.primary!.runtime.board('test-event', '10k')!.entries;
    expect(board[0]).toMatchObject({ bib: '1', gunTime: min(40) });

    // Race control revokes the device: the next passing is not stored and the link is left.
    const revoked = await call(p.server.url, 'POST', `/api/organizer/events/test-event/devices/${device.id}/revoke`, { cookie: p.cookie, body: {} });
    expect(revoked.status).toBe(200);
    const left = decoder.nextDisconnect();
    decoder.add((no) => `${no};K0;2026-04-17;${tod(GUN + min(70))};1;4;-58;0;0;1;0;0;0;0;0;0;FIN-BOX;1;1;4711`);
    await left;
    expect(p.server.primary!.readLog.count('test-event')).toBe(RUNNERS);
  });

  it('shows why a link is down', async () => {
    const device = p.server.primary!.devices.create('test-event', 'dead decoder', Date.now()).device;
    const closed = new FakeDecoder();
    const deadPort = await closed.listen(VENUE);
    await closed.close();
    const res = await call(p.server.url, 'PUT', `/api/organizer/events/test-event/timing/devices/${device.id}`, { cookie: p.cookie, body: { connect: { host: VENUE, port: deadPort } } });
    expect(res.status).toBe(200);
    const link = p.server.primary!.timing.connectors.get(device.id)!;
    await waitFor(async () => link.lastError, (e) => e !== null, 'the link reports its failure');
    const listed = await call(p.server.url, 'GET', '/api/organizer/events/test-event/timing/devices', { cookie: p.cookie });
    expect(listed.body.devices.find((d: { id: string }) => d.id === device.id).link).toMatchObject({ connected: false, lastPassingAt: null, lastError: { message: expect.stringMatching(/ECONNREFUSED/) } });
  });
});
