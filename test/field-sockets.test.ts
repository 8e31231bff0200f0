// The course map's binary field over Socket.IO against the real server, fed through the real
// ingest: a snapshot on subscribe, then at most one update a second per race holding exactly the
// runners that changed; private entrants never in it; phone-tracker positions only to open maps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeField, type FieldMessage } from '../shared/field-stream';
import { applyField, emptyField, fieldRow, presentIndices, type Field } from '../shared/field-state';
import type { FieldPacket } from '../shared/socket-events';
import type { LeaderboardEntry } from '../shared/views';
import { GUN, min, smallEvent } from './fixtures';
import { connectSocket, nextUpdate, postReads, startPrimary, type TestPrimary, type TestSocket } from './support/servers';

const COURSE: [number, number][] = [
  [51.4, 35.7],
  [51.4 + 10_000 / 90_390, 35.7],
];
const EVENT = 'test-event';

let p: TestPrimary;
let map: TestSocket;
let board: TestSocket;
const sockets: TestSocket[] = [];

async function socket(): Promise<TestSocket> {
  const s = await connectSocket(p.server.url);
  sockets.push(s);
  return s;
}

async function subscribe(s: TestSocket, raceId: string): Promise<FieldPacket> {
  const res = await s.emitWithAck('field:subscribe', { eventId: EVENT, raceId });
  if (!res.ok) throw new Error(res.error);
  return res.data;
}

const bibsOf = (field: Field) => [...presentIndices(field)].map((i) => field.bibs[i]).sort();
const changedBibs = (msg: FieldMessage, field: Field) => [...msg.runners.index].map((i) => field.bibs[i]).sort();

/** Every field:update a socket receives, in order, with when it arrived. */
function record(s: TestSocket): { packet: FieldPacket; at: number }[] {
  const got: { packet: FieldPacket; at: number }[] = [];
  s.on('field:update', (packet) => got.push({ packet, at: Date.now() }));
  return got;
}

beforeAll(async () => {
  const base = smallEvent();
  const event = {
    ...base,
    races: base.races.map((r) => (r.id === '10k' ? { ...r, course: COURSE } : r)),
    entrants: [...base.entrants, { ...base.entrants[0], bib: '6', chip: 'C6', name: 'Farah', raceId: 'loop' }],
  };
  p = await startPrimary({ event: { ...base, ...event } });
  map = await socket();
  board = await connectSocket(p.server.url, { wholeRace: true });
  sockets.push(board);
  const sub = await board.emitWithAck('race:subscribe', { eventId: EVENT, raceId: '10k' });
  expect(sub.ok).toBe(true);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await p?.server.close();
});

describe('field stream over Socket.IO', () => {
  it('answers a subscription with a binary snapshot, then one update a second of exactly the changed runners', async () => {
    const packet = await subscribe(map, '10k');
    const field = emptyField();
    applyField(field, decodeField(packet.data));
    expect(bibsOf(field)).toEqual(['1', '2', '3', '4']);
    expect(field.seq).toBe(packet.seq);
    const updates = record(map);

    const first = nextUpdate(map, 'field:update', () => true);
    await postReads(p.server.url, EVENT, p.token, { reads: [{ point: 'start', chip: 'C1', time: GUN }, { point: 'start', chip: 'C2', time: GUN + 2_000 }] });
    const [u1] = await first;
    const m1 = decodeField(u1.data);
    expect(m1.kind).toBe('update');
    expect(u1.seq).toBe(packet.seq + 1);
    expect(applyField(field, m1)).toBe('applied');
    expect(changedBibs(m1, field)).toEqual(['1', '2']);

    // Two batches in quick succession: the next window sends them as one update.
    const second = nextUpdate(map, 'field:update', () => true);
    await postReads(p.server.url, EVENT, p.token, { reads: [{ point: '5k', chip: 'C1', time: GUN + min(21) }] });
    await postReads(p.server.url, EVENT, p.token, { reads: [{ point: 'start', chip: 'C3', time: GUN + 5_000 }] });
    const [u2] = await second;
    const m2 = decodeField(u2.data);
    expect(applyField(field, m2)).toBe('applied');
    expect(changedBibs(m2, field)).toEqual(['1', '3']);
    expect(updates.length).toBe(2);
    // The window opens at the first change after an update: a second apart at least (timers never fire early).
    expect(updates[1].at - updates[0].at).toBeGreaterThanOrEqual(990);

    // What the field holds is what the rows say, and a new subscriber's snapshot equals it.
    const rows = ((await (await fetch(`${p.server.url}/api/events/${EVENT}/races/10k/leaderboard`)).json()) as { entries: LeaderboardEntry[] }).entries;
    for (const row of rows) {
      const i = field.bibs.indexOf(row.bib);
      expect(fieldRow(field, i), row.bib).toMatchObject({ status: row.status, lastDistance: row.lastDistance, lastTime: row.lastTime, startTime: row.startTime, nextEta: row.nextEta, nextEtaRange: row.nextEtaRange });
    }
    const late = emptyField();
    applyField(late, decodeField((await subscribe(await socket(), '10k')).data));
    expect(late.seq).toBe(field.seq);
    for (const key of ['present', 'lastDistance', 'startTime', 'lastTime', 'lastNet', 'nextEta', 'etaLow', 'etaHigh', 'status'] as const) {
      expect(Array.from(late[key].subarray(0, late.size)), key).toEqual(Array.from(field[key].subarray(0, field.size)));
    }
  });

  it('never has a private entrant, in the snapshot or in updates', async () => {
    const s = await socket();
    const packet = await subscribe(s, 'loop');
    const field = emptyField();
    applyField(field, decodeField(packet.data));
    expect(bibsOf(field)).toEqual(['6']);
    expect(Buffer.from(packet.data as Uint8Array).includes('Eli')).toBe(false);
    const next = nextUpdate(s, 'field:update', (u) => u.raceId === 'loop');
    await postReads(p.server.url, EVENT, p.token, { reads: [{ point: 'lap', chip: 'C5', time: GUN + min(3) }, { point: 'lap', chip: 'C6', time: GUN + min(3) }] });
    const [u] = await next;
    const msg = decodeField(u.data);
    expect(msg.entries.bibs).toEqual([]);
    applyField(field, msg);
    expect(changedBibs(msg, field)).toEqual(['6']);
    expect(bibsOf(field)).toEqual(['6']);
  });

  it('stops the updates on unsubscribe', async () => {
    const stays = await socket();
    const leaves = await socket();
    await subscribe(stays, '10k');
    await subscribe(leaves, '10k');
    const left = record(leaves);
    const res = await leaves.emitWithAck('field:unsubscribe', { eventId: EVENT, raceId: '10k' });
    expect(res.ok).toBe(true);
    const next = nextUpdate(stays, 'field:update', () => true);
    await postReads(p.server.url, EVENT, p.token, { reads: [{ point: '5k', chip: 'C2', time: GUN + min(23) }] });
    await next;
    // Both sockets would have had the same room emit: a round trip on the other orders it after.
    await leaves.emitWithAck('field:unsubscribe', { eventId: EVENT, raceId: '10k' });
    expect(left).toEqual([]);
  });

  it('sends phone-tracker positions to open maps and followers, not to a spectator on the leaderboard', async () => {
    const positions: string[] = [];
    board.on('runner:position', (pos) => positions.push(pos.bib));
    const res = await fetch(`${p.server.url}/api/events/${EVENT}/timing/trackers/phone-ana`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${p.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ bib: '1' }),
    });
    const { key } = (await res.json()) as { key: string };
    const seen = nextUpdate(map, 'runner:position', (pos) => pos.bib === '1');
    const ping = await fetch(`${p.server.url}/api/events/${EVENT}/osmand?id=phone-ana&key=${key}&lat=35.7&lon=${51.4 + 6_000 / 90_390}&timestamp=${Math.round((GUN + min(26)) / 1000)}`);
    expect(ping.status).toBe(200);
    const [pos] = await seen;
    expect(Math.abs(pos.distance - 6_000)).toBeLessThan(20);
    await board.emitWithAck('race:subscribe', { eventId: EVENT, raceId: '10k' });
    expect(positions).toEqual([]);
    // A map opened afterwards has the fix in its snapshot.
    const field = emptyField();
    applyField(field, decodeField((await subscribe(await socket(), '10k')).data));
    const i = field.bibs.indexOf('1');
    expect(field.gpsTime[i]).toBe(GUN + min(26));
    expect(Math.abs(field.gpsDistance[i] - 6_000)).toBeLessThan(20);
  });

  it('refuses a malformed or unknown subscription with a message', async () => {
    const bad = await map.emitWithAck('field:subscribe', { eventId: EVENT } as never);
    expect(!bad.ok && bad.error).toMatch(/raceId/);
    const missing = await map.emitWithAck('field:subscribe', { eventId: EVENT, raceId: 'nope' });
    expect(!missing.ok && missing.error).toMatch(/no race "nope"/);
  });
});
