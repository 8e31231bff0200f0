// Backfill, clock offsets and GPS over real HTTP into a real primary, watched over Socket.IO.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUN, min, smallEvent } from './fixtures';
import { connectSocket, nextUpdate, postReads, startPrimary, type TestPrimary, type TestSocket } from './support/servers';

// A straight 10 km course running east at 35.7° N (about 90.4 km per degree of longitude).
const COURSE: [number, number][] = [
  [51.4, 35.7],
  [51.4 + 10_000 / 90_390, 35.7],
];

let p: TestPrimary;
let spectator: TestSocket;
const api = (path: string, init: RequestInit = {}, token: string | null = p.token) =>
  fetch(`${p.server.url}/api/events/test-event${path}`, {
    ...init,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers as Record<string, string>) },
  });
const putJson = (path: string, body: unknown, token?: string) =>
  api(path, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, token ?? p.token);

beforeAll(async () => {
  const base = smallEvent();
  const event = {
    ...base,
    races: base.races.map((r) => (r.id === '10k' ? { ...r, course: COURSE } : r)),
    entrants: base.entrants.map((e) => (e.bib === '3' ? { ...e, private: true } : e)),
  };
  p = await startPrimary({ event });
  spectator = await connectSocket(p.server.url, { wholeRace: true });
  const sub = await spectator.emitWithAck('race:subscribe', { eventId: 'test-event', raceId: '10k' });
  expect(sub.ok).toBe(true);
  // Phone-tracker positions go to the race's course maps: this spectator has the map open.
  const map = await spectator.emitWithAck('field:subscribe', { eventId: 'test-event', raceId: '10k' });
  expect(map.ok).toBe(true);
});
afterAll(async () => {
  spectator?.close();
  await p?.server.close();
});

describe('CSV backfill', () => {
  it('fills a finish-mat gap, drops duplicates, reports by line and changes the leaderboard live', async () => {
    const live = await postReads(p.server.url, 'test-event', p.token, {
      reads: [
        { point: 'start', chip: 'C1', time: GUN + 10_000 },
        { point: 'start', chip: 'C2', time: GUN + 5_000 },
        { point: '5k', chip: 'C1', time: GUN + min(19) },
        { point: '5k', chip: 'C2', time: GUN + min(20) },
        { point: 'finish', chip: 'C2', time: GUN + min(41) },
      ],
    });
    expect((await live.json()).accepted).toBe(5);
    const board = async () => (await (await fetch(`${p.server.url}/api/events/test-event/races/10k/leaderboard`)).json()).entries as { bib: string; status: string }[];
    await nextUpdate(spectator, 'race:update', (u) => u.runners.some((r) => r.bib === '2' && r.status === 'finished'));
    expect((await board())[0].bib).toBe('2');

    // The finish controller's rewind after the outage: Ana's finish, Ben's again, a broken line,
    // Cyra by bib at a time of day, and a chip nobody has.
    const csv = [
      'Chip,Bib,Point,Time,Device',
      `C1,,finish,${new Date(GUN + min(40)).toISOString()},`,
      `C2,,finish,${GUN + min(41)},`,
      'C9,,finish,not a time,',
      ',3,finish,07:48:30.5,',
      `C77,,finish,${GUN + min(50)},`,
    ].join('\r\n');
    const updated = nextUpdate(spectator, 'race:update', (u) => u.runners.some((r) => r.bib === '1' && r.status === 'finished'));
    const res = await api('/timing/backfill', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report).toMatchObject({ rows: 5, accepted: 3, duplicates: 1, unmatched: 1 });
    expect(report.rejected).toEqual([{ line: 4, message: 'time "not a time" is not an ISO-8601 time with a zone, epoch time or time of day' }]);
    expect(report.runners).toEqual(
      expect.arrayContaining([
        { bib: '1', raceId: '10k', splitsBefore: 1, splitsAfter: 2, status: 'finished', netTime: min(40) - 10_000 },
        expect.objectContaining({ bib: '3', splitsBefore: 0, splitsAfter: 1 }),
      ]),
    );
    expect(report.runners.map((r: { bib: string }) => r.bib)).not.toContain('2');
    await updated;
    expect((await board()).slice(0, 2).map((r) => r.bib)).toEqual(['1', '2']);
    // Sent again, the file adds nothing.
    const again = await (await api('/timing/backfill', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv })).json();
    expect(again).toMatchObject({ accepted: 0, duplicates: 4 });
  });

  it('refuses a file without the needed columns, and one without a token', async () => {
    const res = await api('/timing/backfill', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'name,when\nx,y' });
    expect(res.status).toBe(422);
    expect((await res.json()).rejected[0].message).toMatch(/chip or bib, point/);
    expect((await api('/timing/backfill', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'chip,point,time' }, null)).status).toBe(401);
  });
});

describe('device clock offset', () => {
  it('re-times a slow mat measured from a reference read, live', async () => {
    const { token } = p.server.primary!.devices.create('test-event', 'finish mat 2', Date.now());
    const slow = 30_000;
    await postReads(p.server.url, 'test-event', token, { reads: [{ point: '5k', chip: 'C4', time: GUN + min(22) - slow, readId: 'x1' }] });
    // The mat read the gun (07:00:00) at 06:59:30 on its own clock.
    const followed = await spectator.emitWithAck('runners:follow', { eventId: 'test-event', bibs: ['4'] });
    expect(followed.ok).toBe(true);
    const retimed = nextUpdate(spectator, 'runner:update', ({ runner }) => runner.bib === '4' && runner.splits[0]?.gun === min(22));
    const res = await putJson('/timing/device', { reference: { deviceTime: GUN - slow, trueTime: new Date(GUN).toISOString() } }, token);
    expect(await res.json()).toMatchObject({ clockOffsetMs: slow });
    await retimed;
    expect(p.server.primary!.runtime.runner('test-event', '4')!.splits[0].gun).toBe(min(22));
  });

  it('refuses a mapping to an unknown timing point and contradicting offsets', async () => {
    const bad = await putJson('/timing/device', { locations: { BRIDGE: 'bridge' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toBe('locations.BRIDGE: unknown timing point "bridge"');
    const both = await putJson('/timing/device', { clockOffsetMs: 5, reference: { deviceTime: 1, trueTime: 2 } });
    expect(both.status).toBe(400);
  });
});

describe('OsmAnd GPS pings', () => {
  const keys = new Map<string, string>();
  // Each tracker sends the key it was given at registration; the test adds it to every ping.
  const withKey = (query: string) => {
    const id = /(?:^|&)id=([^&]+)/.exec(query)?.[1];
    return id && keys.has(id) ? `${query}&key=${keys.get(id)}` : query;
  };
  const ping = (query: string) => fetch(`${p.server.url}/api/events/test-event/osmand?${withKey(query)}`);
  const seconds = (ms: number) => Math.round(ms / 1000);

  beforeAll(async () => {
    for (const [id, bib] of [['phone-ana', '1'], ['phone-cyra', '3']]) {
      const res = await putJson(`/timing/trackers/${id}`, { bib });
      expect(res.status).toBe(200);
      const registered = await res.json();
      expect(registered.osmandPath).toBe(`/api/events/test-event/osmand?id=${id}&key=${registered.key}&lat={0}&lon={1}&timestamp={2}&speed={5}`);
      keys.set(id, registered.key);
    }
  });

  it('moves a runner along the course, snapped to it', async () => {
    const first = nextUpdate(spectator, 'runner:position', (pos) => pos.bib === '1');
    const res = await ping(`id=phone-ana&lat=35.7004&lon=${51.4 + 2_000 / 90_390}&timestamp=${seconds(GUN + min(8))}&speed=7.5`);
    expect(res.status).toBe(200);
    const [pos] = await first;
    expect(pos.raceId).toBe('10k');
    expect(Math.abs(pos.distance - 2_000)).toBeLessThan(20);
    expect(pos.position[1]).toBeCloseTo(35.7, 3);
    expect(pos.speed).toBeCloseTo(7.5 * 0.5144, 2);
    const further = nextUpdate(spectator, 'runner:position', (x) => x.bib === '1' && x.distance > 4_000);
    await fetch(`${p.server.url}/api/events/test-event/osmand`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: withKey(`id=phone-ana&location=35.6998,${51.4 + 4_500 / 90_390}&timestamp=${GUN + min(17)}`),
    });
    const [moved] = await further;
    expect(Math.abs(moved.distance - 4_500)).toBeLessThan(20);
    const positions = await (await fetch(`${p.server.url}/api/events/test-event/positions?raceId=10k`)).json();
    expect(positions.positions).toEqual([moved]);
  });

  it('never sends a private entrant’s position to spectators', async () => {
    const next = nextUpdate(spectator, 'runner:position', () => true);
    const hidden = await ping(`id=phone-cyra&lat=35.7&lon=${51.4 + 3_000 / 90_390}&timestamp=${seconds(GUN + min(14))}`);
    expect(await hidden.json()).toEqual({ published: false });
    await ping(`id=phone-ana&lat=35.7&lon=${51.4 + 5_000 / 90_390}&timestamp=${seconds(GUN + min(19))}`);
    const [pos] = await next;
    expect(pos.bib).toBe('1');
    const positions = await (await fetch(`${p.server.url}/api/events/test-event/positions`)).json();
    expect(positions.positions.map((x: { bib: string }) => x.bib)).toEqual(['1']);
    // Race control makes Ana private: her last position is no longer served.
    const runtime = p.server.primary!.runtime;
    const setup = runtime.setup('test-event')!;
    const withAna = (priv: boolean) => ({ ...setup, entrants: setup.entrants.map((e) => (e.bib === '1' ? { ...e, private: priv } : e)) });
    runtime.saveSetup(withAna(true));
    expect((await (await fetch(`${p.server.url}/api/events/test-event/positions`)).json()).positions).toEqual([]);
    runtime.saveSetup(withAna(false));
  });

  it('answers unknown trackers, bad fixes, stale and off-course fixes plainly', async () => {
    // An unknown tracker and a known one with a wrong key get the same answer.
    const stranger = await ping('id=stranger&lat=35.7&lon=51.41');
    const wrongKey = await fetch(`${p.server.url}/api/events/test-event/osmand?id=phone-ana&key=guess&lat=35.7&lon=51.41`);
    const noKey = await fetch(`${p.server.url}/api/events/test-event/osmand?id=phone-ana&lat=35.7&lon=51.41`);
    expect([stranger.status, wrongKey.status, noKey.status]).toEqual([401, 401, 401]);
    const bodies = await Promise.all([stranger.json(), wrongKey.json(), noKey.json()]);
    expect(new Set(bodies.map((b) => b.error)).size).toBe(1);
    const bad = await ping('id=phone-ana&lat=135&lon=51.41');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/^lat/);
    expect(await (await ping(`id=phone-ana&lat=35.7&lon=51.41&timestamp=${seconds(GUN)}`)).json()).toEqual({ published: false, reason: 'older than the last fix' });
    const off = await (await ping(`id=phone-ana&lat=35.75&lon=51.45&timestamp=${seconds(GUN + min(30))}`)).json();
    expect(off.reason).toMatch(/m off the course$/);
  });
});
