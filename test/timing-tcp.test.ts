// Equipment streams end to end: a fake controller process streams a whole race over TCP into a real
// primary (real SQLite file), drops the connection midway and re-sends; nothing is stored twice.
import { connect } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TimingListener } from '../server/timing/tcp-listener';
import { eventSetupSchema, type EventSetup } from '../shared/domain';
import { GUN, min, trackRace } from './fixtures';
import { runFakeController } from './support/fake-controller';
import { connectSocket, nextUpdate, startPrimary, type TestPrimary, type TestSocket } from './support/servers';

const RUNNERS = 40;
const LAP_RUNNERS = 5;
const LAP = 90_000;

function streamEvent(): EventSetup {
  return eventSetupSchema.parse({
    id: 'stream-event',
    name: 'Stream Event',
    date: '2026-04-17',
    timeZone: 'Asia/Tehran',
    races: [
      {
        id: '10k',
        name: '10 km',
        kind: 'point-to-point',
        distance: 10_000,
        gunTime: GUN,
        timingPoints: [
          { id: 'start', name: 'Start', kind: 'start', distance: 0 },
          { id: '5k', name: '5 km', kind: 'split', distance: 5_000 },
          { id: 'finish', name: 'Finish', kind: 'finish', distance: 10_000, dedupWindowSeconds: 10 },
        ],
      },
      trackRace(),
    ],
    entrants: [
      ...Array.from({ length: RUNNERS }, (_, i) => ({ bib: String(100 + i), chip: `T${100 + i}`, name: `Runner ${i}`, gender: i % 2 ? 'M' : 'F', raceId: '10k' })),
      ...Array.from({ length: LAP_RUNNERS }, (_, i) => ({ bib: String(900 + i), chip: `L${900 + i}`, name: `Laps ${i}`, gender: 'F', raceId: 'track' })),
    ],
  });
}

/** Tehran wall-clock time of day, as the controller's clock shows it (UTC+3:30). */
const tod = (epochMs: number) => new Date(epochMs + 3.5 * 3_600_000).toISOString().slice(11, 22);

let p: TestPrimary;
let spectator: TestSocket;
beforeAll(async () => {
  p = await startPrimary({ event: streamEvent(), config: { TIMING_TCP_PORT: 0 } });
  spectator = await connectSocket(p.server.url, { wholeRace: true });
  const res = await fetch(`${p.server.url}/api/events/stream-event/timing/device`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${p.token}` },
    body: JSON.stringify({ locations: { 'MAT-5': '5k' } }),
  });
  expect(res.status).toBe(200);
});
afterAll(async () => {
  spectator?.close();
  await p?.server.close();
});

describe('ChronoTrack stream over TCP', () => {
  it('stores a whole race once across a dropped connection and a re-sent range', async () => {
    const seq: Record<string, number> = {};
    const line = (location: string, chip: string, at: number) => `CT01_33~${(seq[location] = (seq[location] ?? 0) + 1)}~${location}~${chip}~${tod(at)}~1~ED932A~1`;
    const reads: { at: number; location: string; chip: string }[] = [];
    for (let i = 0; i < RUNNERS; i++) {
      const chip = `T${100 + i}`;
      reads.push({ at: GUN + i * 1_000, location: 'START', chip });
      reads.push({ at: GUN + min(20) + i * 15_000, location: 'MAT-5', chip });
      reads.push({ at: GUN + min(41) + i * 30_000, location: 'FINISH', chip });
      if (i % 10 === 0) reads.push({ at: GUN + min(41) + i * 30_000 + 2_000, location: 'FINISH', chip }); // read twice at the line
    }
    reads.push({ at: GUN + min(45), location: 'FINISH', chip: 'ZZZ999' }); // a chip nobody registered
    reads.sort((a, b) => a.at - b.at);
    const lines = reads.map((r) => line(r.location, r.chip, r.at));
    lines.splice(60, 0, 'CT01_33~oops~FINISH', `CT01_33~1~BRIDGE~T100~${tod(GUN)}~1~ED932A~1`); // broken, and an unmapped location
    const valid = reads.length;

    const subscribed = await spectator.emitWithAck('race:subscribe', { eventId: 'stream-event', raceId: '10k' });
    expect(subscribed.ok).toBe(true);
    const allFinished = nextUpdate(spectator, 'race:update', (u) => u.raceId === '10k' && u.counters.finished === RUNNERS, 30_000);
    const dropAfter = 90;
    const resendFrom = 50;
    const code = await runFakeController({ port: p.server.primary!.timing.tcpPort!, token: p.token, format: 'chronotrack', locations: ['START', 'MAT-5', 'FINISH'], lines, dropAfter, resendFrom });
    expect(code).toBe(0);
    await allFinished;

    expect(p.server.primary!.readLog.count('stream-event')).toBe(valid);
    const counts = p.server.primary!.timing.listener!.counts();
    expect(counts.accepted).toBe(valid);
    expect(counts.duplicates).toBe(dropAfter - resendFrom - 2); // the re-sent range, less the two refused lines
    expect(counts.unmatched).toBe(1);
    expect(counts.rejected).toBeGreaterThanOrEqual(5); // broken and unmapped lines (twice each) and the half line

    const { runtime } = p.server.primary!;
    expect(runtime.unmatchedReads('stream-event').get('chip:ZZZ999')).toHaveLength(1);
    const board = runtime.board('stream-event', '10k')!.entries;
    expect(board[0]).toMatchObject({ bib: '100', netTime: min(41), gunTime: min(41), flags: [] });
    expect(board[RUNNERS - 1]).toMatchObject({ bib: String(100 + RUNNERS - 1), netTime: min(41) + (RUNNERS - 1) * 29_000 });
    expect(board.map((r) => r.places?.overall)).toEqual(Array.from({ length: RUNNERS }, (_, i) => i + 1));
  });
});

describe('Race Result passings over TCP', () => {
  it('counts laps from a decoder box, infers a missed lap and survives a re-fetch', async () => {
    const { token } = p.server.primary!.devices.create('stream-event', 'rr box', Date.now());
    await fetch(`${p.server.url}/api/events/stream-event/timing/device`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ locations: { 'D-5217': 'line' } }),
    });
    const passings: { at: number; chip: string }[] = [];
    for (let r = 0; r < LAP_RUNNERS; r++) {
      for (let lap = 1; lap <= 10; lap++) {
        if (r === 0 && lap === 4) continue; // the mat missed the leader once
        passings.push({ at: GUN + lap * (LAP + r * 3_000), chip: `L${900 + r}` });
      }
    }
    passings.sort((a, b) => a.at - b.at);
    const lines = passings.map((x, i) => `#P;${i + 1};${x.chip};2026-04-17;${tod(x.at)};1;5;-60;0;0;1;0;0;0;0;0;0;D-5217;3;1;5217`);

    const subscribed = await spectator.emitWithAck('race:subscribe', { eventId: 'stream-event', raceId: 'track' });
    expect(subscribed.ok).toBe(true);
    const done = nextUpdate(spectator, 'race:update', (u) => u.raceId === 'track' && u.counters.finished === LAP_RUNNERS, 30_000);
    const before = p.server.primary!.readLog.count('stream-event');
    expect(await runFakeController({ port: p.server.primary!.timing.tcpPort!, token, format: 'raceresult', lines, dropAfter: 30, resendFrom: 10 })).toBe(0);
    await done;

    expect(p.server.primary!.readLog.count('stream-event') - before).toBe(passings.length);
    const { runtime } = p.server.primary!;
    const leader = runtime.runner('stream-event', '900')!;
    expect(leader).toMatchObject({ status: 'finished', laps: 10, netTime: 10 * LAP });
    expect(leader.splits[3]).toMatchObject({ lap: 4, inferred: true });
    expect(runtime.standings('stream-event', 'track').map((r) => r.bib)).toEqual(['900', '901', '902', '903', '904']);
  });

  it('refuses a connection with an unknown token and stores nothing from it', async () => {
    const before = p.server.primary!.readLog.count('stream-event');
    const rejectedBefore = p.server.primary!.timing.listener!.counts().rejected;
    const code = await runFakeController({
      port: p.server.primary!.timing.tcpPort!,
      token: 'sct_not-a-real-token',
      format: 'raceresult',
      lines: [`#P;1;L900;2026-04-17;${tod(GUN + min(30))};1;5;-60;0;0;1;0;0;0;0;0;0;D-5217;9;1;5217`],
      dropAfter: 1,
      resendFrom: 0,
    });
    expect(code).toBe(0);
    expect(p.server.primary!.readLog.count('stream-event')).toBe(before);
    expect(p.server.primary!.timing.listener!.counts().rejected).toBeGreaterThan(rejectedBefore);
  });
});

describe('revocation', () => {
  it('stops an open link at once when its device token is revoked', async () => {
    const primary = p.server.primary!;
    const { device, token } = primary.devices.create('stream-event', 'to revoke', Date.now());
    const socket = connect(primary.timing.tcpPort!, '127.0.0.1');
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => {}); // the server may reset the link it refuses
    const line = (n: number) => `#P;${n};L901;2026-04-17;${tod(GUN + min(60) + n * 1000)};1;5;-60;0;0;1;0;0;0;0;0;0;LINE;7;1;5217\r\n`;
    expect((await spectator.emitWithAck('race:subscribe', { eventId: 'stream-event', raceId: 'track' })).ok).toBe(true);
    const stored = nextUpdate(spectator, 'race:update', (u) => u.raceId === 'track' && u.runners.some((r) => r.bib === '901'));
    socket.write(`AUTH;${token}\r\n${line(1)}`);
    await stored;
    const before = primary.readLog.count('stream-event');
    primary.devices.revoke(device.id, Date.now());
    socket.write(line(2));
    await closed;
    expect(primary.readLog.count('stream-event')).toBe(before);
  });
});

describe('device contact', () => {
  it('counts a link that authenticates and talks as contact, with no passing read', async () => {
    const primary = p.server.primary!;
    const { device, token } = primary.devices.create('stream-event', 'quiet box', Date.now());
    const lastSeen = () => primary.devices.list('stream-event').find((d) => d.id === device.id)!.lastSeenAt;
    expect(lastSeen()).toBeNull();
    const socket = connect(primary.timing.tcpPort!, '127.0.0.1');
    socket.on('error', () => {});
    socket.write(`AUTH;${token}\r\n`);
    await expect.poll(lastSeen).not.toBeNull();
    socket.destroy();
  });
});

describe('keep-alive', () => {
  it('pings a quiet ChronoTrack controller and closes the link when it stops answering', async () => {
    const primary = p.server.primary!;
    const listener = new TimingListener({ devices: primary.devices, timing: primary.timing.ingest, log: pino({ level: 'silent' }), now: Date.now, keepAliveMs: 50 });
    const port = await listener.listen(0, '127.0.0.1');
    try {
      const socket = connect(port, '127.0.0.1');
      const received: string[] = [];
      socket.on('error', () => {});
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.on('data', (d) => {
        received.push(...d.toString().split('\r\n'));
        if (received.includes('authorize') && !received.includes('sent')) {
          received.push('sent');
          socket.write(`ack~authorize~${p.token}\r\n`);
        }
      });
      socket.write('QuietClient~1.0~CTP01\r\n');
      await closed;
      expect(received).toContain('start');
      expect(received).toContain('ping');
    } finally {
      await listener.close();
    }
  });
});
