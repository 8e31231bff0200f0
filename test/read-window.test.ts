// Times outside the event's window, and dates that do not exist, are refused on every ingest path
// (HTTP reads, manual splits, CSV backfill, OsmAnd fixes, a decoder's TCP stream), with the window
// in the message; a stream goes on after its refused lines. A real primary and SQLite file.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallEvent, GUN, min } from './fixtures';
import { call, logIn, startWithOrganizer } from './organizer-helpers';
import { connectSocket, nextUpdate, postReads, type TestPrimary, type TestSocket } from './support/servers';

/** The test event is on 2026-04-17 (UTC): a day either side. */
const WINDOW = "the event's window 2026-04-16T00:00Z – 2026-04-19T00:00Z";
const FAR = '2106-01-01T00:00:00Z';
const COURSE: [number, number][] = [
  [51.4, 35.7],
  [51.4 + 10_000 / 90_390, 35.7],
];

let p: TestPrimary & { cookie: string };
let organizer: string;
let spectator: TestSocket;
const logCount = () => p.server.primary!.readLog.count('test-event');

beforeAll(async () => {
  const base = smallEvent();
  p = await startWithOrganizer({ event: { ...base, races: base.races.map((r) => (r.id === '10k' ? { ...r, course: COURSE } : r)) }, config: { TIMING_TCP_PORT: 0 } });
  // Not an admin: an organizer of this one event.
  const made = await call(p.server.url, 'POST', '/api/organizer/accounts', { cookie: p.cookie, body: { email: 'timer@splitcast.test', password: 'a long enough password', role: 'organizer', eventIds: ['test-event'] } });
  expect(made.status).toBe(201);
  organizer = await logIn(p.server.url, 'timer@splitcast.test', 'a long enough password');
  spectator = await connectSocket(p.server.url, { wholeRace: true });
  expect((await spectator.emitWithAck('race:subscribe', { eventId: 'test-event', raceId: '10k' })).ok).toBe(true);
});
afterAll(async () => {
  spectator?.close();
  await p?.server.close();
});

describe('HTTP reads', () => {
  it('refuses a far-future read at the lap mat of a loop runner, saying the window, and stores the good read beside it', async () => {
    const before = logCount();
    const res = await postReads(p.server.url, 'test-event', p.token, {
      reads: [
        { point: 'lap', chip: 'C5', time: FAR },
        { point: 'lap', chip: 'C5', time: Date.UTC(2286, 0, 1) },
        { point: 'lap', chip: 'C5', time: GUN + min(4) },
      ],
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.accepted).toBe(1);
    expect(body.rejected).toEqual([
      { index: 0, message: `time: read time ${FAR} is outside ${WINDOW}` },
      { index: 1, message: `time: read time 2286-01-01T00:00:00Z is outside ${WINDOW}` },
    ]);
    expect(logCount()).toBe(before + 1);
  });

  it('answers 422 when every read of the batch is outside the window', async () => {
    const res = await postReads(p.server.url, 'test-event', p.token, { reads: [{ point: 'lap', chip: 'C5', time: '2026-04-19T00:00:00Z' }] });
    expect(res.status).toBe(422);
    expect((await res.json()).rejected[0].message).toContain(WINDOW);
  });

  it.each([
    ['30 February', '2026-02-30T10:00Z', /ISO-8601 with a time zone and a real date/],
    ['29 February of a common year', '2026-02-29T10:00:00Z', /real date/],
    ['year 0000', '0000-01-01T00:00:00Z', /real date/],
    ['hour 24', '2026-04-17T24:00:00Z', /real date/],
    ['epoch 8.64e15', 8640000000000000, /epoch milliseconds must be a whole number from 0 to 253402300799999/],
    ['a negative epoch', -1, /epoch milliseconds/],
  ])('refuses %s as a time', async (_name, time, message) => {
    const before = logCount();
    const res = await postReads(p.server.url, 'test-event', p.token, { reads: [{ point: 'lap', chip: 'C5', time }] });
    expect(res.status).toBe(422);
    expect((await res.json()).rejected[0].message).toMatch(message);
    expect(logCount()).toBe(before);
  });

  it('takes a leap day that exists and an offset without a colon', async () => {
    const res = await postReads(p.server.url, 'test-event', p.token, { reads: [{ point: 'finish', chip: 'C3', time: '2026-04-17T10:41:00+0330' }] });
    expect(await res.json()).toMatchObject({ accepted: 1, rejected: [] });
  });
});

describe('manual splits', () => {
  const split = (time: unknown) => call(p.server.url, 'POST', '/api/organizer/events/test-event/runners/5/splits', { cookie: organizer, body: { point: 'lap', time, reason: 'lap counter sheet' } });

  it('refuses a split outside the window with a 400 that says the window', async () => {
    const before = logCount();
    const res = await split(FAR);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe(`time: split time ${FAR} is outside ${WINDOW}`);
    expect(logCount()).toBe(before);
  });

  it.each([['2026-02-30T10:00:00Z'], ['0000-01-01T00:00:00Z'], [8640000000000000]])('refuses %s as a split time', async (time) => {
    const res = await split(time);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/^time: /);
  });

  it('takes a split inside the window', async () => {
    const res = await split(new Date(GUN + min(12)).toISOString());
    expect(res.status).toBe(201);
  });
});

describe('CSV backfill', () => {
  it('refuses lines outside the window or on days that do not exist, and stores the rest', async () => {
    const before = logCount();
    const csv = ['chip,point,time', `C1,finish,${FAR}`, 'C1,finish,2026-02-30 09:40:00', 'C1,finish,0000-01-01T00:00:00Z', `C1,finish,${new Date(GUN + min(40)).toISOString()}`].join('\n');
    const res = await fetch(`${p.server.url}/api/events/test-event/timing/backfill`, { method: 'POST', headers: { authorization: `Bearer ${p.token}`, 'content-type': 'text/csv' }, body: csv });
    const report = await res.json();
    expect(report.accepted).toBe(1);
    expect(report.rejected).toEqual([
      { line: 2, message: `time: read time ${FAR} is outside ${WINDOW}` },
      { line: 3, message: expect.stringMatching(/^time "2026-02-30 09:40:00" is not/) },
      { line: 4, message: expect.stringMatching(/^time "0000-01-01T00:00:00Z" is not/) },
    ]);
    expect(logCount()).toBe(before + 1);
  });
});

describe('OsmAnd fixes', () => {
  it('refuses a fix dated 2286 with the window, and the tracker goes on', async () => {
    const registered = await fetch(`${p.server.url}/api/events/test-event/timing/trackers/phone-ana`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${p.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ bib: '1' }),
    });
    const { key } = await registered.json();
    const ping = (timestamp: string) => fetch(`${p.server.url}/api/events/test-event/osmand?id=phone-ana&key=${key}&lat=35.7&lon=${51.4 + 2_000 / 90_390}&timestamp=${timestamp}`);
    const far = await ping('10000000000');
    expect(far.status).toBe(400);
    expect((await far.json()).error).toBe(`fix time 2286-11-20T17:46:40Z is outside ${WINDOW}`);
    const impossible = await ping('2026-02-30T10:00:00Z');
    expect(impossible.status).toBe(400);
    const good = await ping(String(Math.round((GUN + min(8)) / 1000)));
    expect(good.status).toBe(200);
    expect(await good.json()).toEqual({ published: true });
  });
});

describe('a decoder stream over TCP', () => {
  it('counts and logs lines outside the window or on no calendar day, and goes on with the next', async () => {
    const primary = p.server.primary!;
    const { token } = primary.devices.create('test-event', 'lap box', Date.now());
    const socket = connect(primary.timing.tcpPort!, '127.0.0.1');
    socket.on('error', () => {});
    const rejectedBefore = primary.timing.listener!.counts().rejected;
    const before = logCount();
    // Race Result's passing lines: chip, date and time of day in the event's zone (UTC here), location.
    const line = (n: number, chip: string, date: string, time: string, location: string) => `#P;${n};${chip};${date};${time};1;5;-60;0;0;1;0;0;0;0;0;0;${location};7;1;5217\r\n`;
    // Eli (C5, the loop runner) is private: the good line is Ben's finish, which spectators see.
    const stored = nextUpdate(spectator, 'race:update', (u) => u.runners.some((r) => r.bib === '2' && r.status === 'finished'));
    socket.write(`AUTH;${token}\r\n${line(1, 'C5', '2106-01-01', '07:10:00.000', 'lap')}${line(2, 'C5', '2026-02-30', '07:10:00.000', 'lap')}${line(3, 'C2', '2026-04-17', '07:41:00.000', 'finish')}`);
    await stored;
    expect(primary.timing.listener!.counts().rejected).toBe(rejectedBefore + 2);
    expect(logCount()).toBe(before + 1);
    socket.destroy();
  });
});
