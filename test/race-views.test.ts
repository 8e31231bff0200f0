// Leaderboard views against the real server: each socket gets only its window's changes, sockets with
// the same view share one computation, filters place rows as the full ranking does, and private
// entrants never show. Reads go through the real HTTP ingest.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeWindowSnapshot, type RaceView, type RaceWindowSnapshot, type RaceWindowUpdate } from '../shared/race-view';
import type { LeaderboardEntry } from '../shared/views';
import { applyWindowUpdate, fromWindowSnapshot, windowRows } from '../client/src/live/window-state';
import { GUN, min, smallEvent } from './fixtures';
import { connectSocket, nextUpdate, postReads, startPrimary, type TestPrimary, type TestSocket } from './support/servers';

const entrants = [
  { bib: '1', chip: 'C1', name: 'Ana', gender: 'F', age: 30, country: 'IRN', raceId: '10k' },
  { bib: '2', chip: 'C2', name: 'Ben', gender: 'M', age: 41, country: 'DEU', raceId: '10k' },
  { bib: '3', chip: 'C3', name: 'Cyra', gender: 'F', age: 36, country: 'IRN', raceId: '10k' },
  { bib: '4', chip: 'C4', name: 'Dara', gender: 'F', age: 25, country: 'KEN', raceId: '10k' },
  { bib: '5', chip: 'C5', name: 'Emil', gender: 'M', age: 33, country: 'IRN', raceId: '10k' },
  { bib: '6', chip: 'C6', name: 'Fara', gender: 'F', age: 44, country: 'IRN', raceId: '10k' },
  { bib: '7', chip: 'C7', name: 'Gita', gender: 'F', age: 29, country: 'IRN', raceId: '10k', private: true },
  { bib: '8', chip: 'C8', name: 'Hadi', gender: 'M', age: 52, country: 'KEN', raceId: '10k' },
] as const;

let p: TestPrimary;
const sockets: TestSocket[] = [];

beforeEach(async () => {
  p = await startPrimary({ event: smallEvent({ entrants: [...entrants] }) });
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await p.server.close();
});

async function client(): Promise<TestSocket> {
  const s = await connectSocket(p.server.url);
  sockets.push(s);
  return s;
}

const view = (over: Partial<RaceView> = {}): RaceView => ({ eventId: 'test-event', raceId: '10k', offset: 0, limit: 3, ...over });

async function open(socket: TestSocket, v: RaceView): Promise<RaceWindowSnapshot> {
  const res = await socket.emitWithAck('race:view', v);
  if (!res.ok) throw new Error(res.error);
  return decodeWindowSnapshot(res.data);
}

/** The next window update of this view, sent after the given reads were ingested. */
async function afterReads(socket: TestSocket, key: string, reads: object[]): Promise<RaceWindowUpdate> {
  const update = nextUpdate(socket, 'race:window', (u) => u.key === key);
  expect((await postReads(p.server.url, 'test-event', p.token, { reads })).status).toBe(200);
  return (await update)[0];
}

/** The server's own leaderboard answer for the same view, to compare a window with. */
async function serverWindow(v: RaceView): Promise<{ total: number; entries: LeaderboardEntry[] }> {
  const q = new URLSearchParams({ offset: String(v.offset), limit: String(v.limit) });
  for (const k of ['gender', 'ageGroup', 'country'] as const) if (v[k]) q.set(k, v[k]!);
  const res = await fetch(`${p.server.url}/api/events/test-event/races/${v.raceId}/leaderboard?${q}`);
  return (await res.json()) as { total: number; entries: LeaderboardEntry[] };
}

/** Ingest reads and wait until the server has applied them (a whole-race subscriber sees the update). */
async function ingest(reads: object[]): Promise<void> {
  const watcher = await connectSocket(p.server.url, { wholeRace: true });
  sockets.push(watcher);
  const res = await watcher.emitWithAck('race:subscribe', { eventId: 'test-event', raceId: '10k' });
  expect(res.ok).toBe(true);
  const update = nextUpdate(watcher, 'race:update', (u) => u.raceId === '10k');
  expect((await postReads(p.server.url, 'test-event', p.token, { reads })).status).toBe(200);
  await update;
}

/** Rows sent in full (entered or changed), with their index. */
const bibsAt = (u: RaceWindowUpdate) => u.rows.map((r) => [r.bib, r.index]);
/** Rows that only moved or changed places, with their index. */
const movesOf = (u: RaceWindowUpdate) => u.moved.map(([bib, index]) => [bib, index]);

describe('a view of a race', () => {
  it('answers its window, then sends exactly the rows that enter, leave or change inside it', async () => {
    const socket = await client();
    const v = view();
    const snapshot = await open(socket, v);
    // Nobody started: not-started runners by bib; the private entrant (7) is not there.
    expect(snapshot.rows.map((r) => r.bib)).toEqual(['1', '2', '3']);
    expect(snapshot.total).toBe(7);
    const state = fromWindowSnapshot(snapshot);

    // Emil starts: he enters at the top, 1 and 2 move down a place (a move, not the row), 3 leaves.
    const entered = await afterReads(socket, snapshot.key, [{ point: 'start', chip: 'C5', time: GUN + 1_000 }]);
    expect(entered.seq).toBe(snapshot.seq + 1);
    expect(bibsAt(entered)).toEqual([['5', 0]]);
    expect(movesOf(entered)).toEqual([['1', 1], ['2', 2]]);
    expect(entered.rows[0].places).toEqual({ overall: 1, gender: 1, ageGroup: 1 });
    expect(entered.removed).toEqual(['3']);
    expect(applyWindowUpdate(state, entered, 1)).toBe('applied');

    // Emil passes 5 km: he changes in place; nobody else in the window is sent.
    const changed = await afterReads(socket, snapshot.key, [{ point: '5k', chip: 'C5', time: GUN + min(20) }]);
    expect(bibsAt(changed)).toEqual([['5', 0]]);
    expect(changed.moved).toEqual([]);
    expect(changed.rows[0].lastPoint).toBe('5k');
    expect(changed.removed).toEqual([]);
    expect(applyWindowUpdate(state, changed, 2)).toBe('applied');

    // Ana starts: she stays second, but her row changed; nobody moves.
    const ana = await afterReads(socket, snapshot.key, [{ point: 'start', chip: 'C1', time: GUN + 2_000 }]);
    expect(bibsAt(ana)).toEqual([['1', 1]]);
    expect(ana.moved).toEqual([]);
    expect(ana.rows[0].status).toBe('onCourse');
    expect(applyWindowUpdate(state, ana, 3)).toBe('applied');

    // Hadi starts and finishes ahead of everyone: he enters first, the rest move, Ben leaves.
    const hadi = await afterReads(socket, snapshot.key, [
      { point: 'start', chip: 'C8', time: GUN + 500 },
      { point: 'finish', chip: 'C8', time: GUN + min(35) },
    ]);
    expect(bibsAt(hadi)).toEqual([['8', 0]]);
    // Moved down one, with their new places.
    expect(hadi.moved).toEqual([['5', 1, 2, 2, 1], ['1', 2, 3, 1, 1]]);
    expect(hadi.removed).toEqual(['2']);
    expect(applyWindowUpdate(state, hadi, 4)).toBe('applied');

    // The window kept on the client is the server's own leaderboard at this moment.
    const server = await serverWindow(v);
    expect(windowRows(state)).toEqual(server.entries);
    expect(state.total).toBe(server.total);
  });

  it('sends nothing but the counters when the change is outside the window', async () => {
    const socket = await client();
    await ingest([{ point: 'start', chip: 'C1', time: GUN + 1_000 }, { point: 'start', chip: 'C2', time: GUN + 1_000 }]);
    const v = view({ limit: 2 });
    const snapshot = await open(socket, v);
    expect(snapshot.rows.map((r) => [r.bib, r.status])).toEqual([['1', 'onCourse'], ['2', 'onCourse']]);
    // Dara starts after both: third, outside the window.
    const outside = await afterReads(socket, snapshot.key, [{ point: 'start', chip: 'C4', time: GUN + 9_000 }]);
    expect(outside.rows).toEqual([]);
    expect(outside.moved).toEqual([]);
    expect(outside.removed).toEqual([]);
    expect(outside.counters.started).toBe(snapshot.counters.started + 1);
  });

  it('shares one computation between clients with the same view, and one per filter', async () => {
    const a = await client();
    const b = await client();
    const c = await client();
    const women = view({ gender: 'F', limit: 5 });
    const [sa, sb] = [await open(a, women), await open(b, { ...women })];
    // The same filter in another window: sliced from the same computation.
    const sc = await open(c, { ...women, offset: 1, limit: 2 });
    expect(sa.key).toBe(sb.key);
    expect(sc.key).not.toBe(sa.key);
    expect(p.server.hub.views.count('test-event', '10k')).toBe(2);
    const before = p.server.hub.views.computations;
    const updates = Promise.all([
      nextUpdate(a, 'race:window', (u) => u.key === sa.key),
      nextUpdate(b, 'race:window', (u) => u.key === sb.key),
      nextUpdate(c, 'race:window', (u) => u.key === sc.key),
    ]);
    await postReads(p.server.url, 'test-event', p.token, { reads: [{ point: 'start', chip: 'C3', time: GUN + 1_000 }] });
    const [[ua], [ub], [uc]] = await updates;
    expect(ua).toEqual(ub);
    // Women: Cyra (3) starts and goes first, Ana (1) moves to second; Dara (4) and Fara (6) stay.
    expect(bibsAt(ua)).toEqual([['3', 0]]);
    expect(movesOf(ua)).toEqual([['1', 1]]);
    // The window of places 2–3 had Cyra and Dara: Ana enters, Cyra leaves.
    expect(bibsAt(uc)).toEqual([['1', 1]]);
    expect(uc.moved).toEqual([]);
    expect(uc.removed).toEqual(['3']);
    expect(p.server.hub.views.computations - before).toBe(1);
    // A view whose last socket left is gone.
    c.close();
    await expect.poll(() => p.server.hub.views.count('test-event', '10k')).toBe(1);
  });

  it('a filter view gets only matching rows, with the places of the whole race', async () => {
    const socket = await client();
    await ingest([
      { point: 'start', chip: 'C2', time: GUN + 1_000 },
      { point: 'finish', chip: 'C2', time: GUN + min(38) },
      { point: 'start', chip: 'C1', time: GUN + 1_000 },
      { point: 'finish', chip: 'C1', time: GUN + min(40) },
    ]);
    const v = view({ gender: 'F', country: 'IRN', limit: 10 });
    const snapshot = await open(socket, v);
    expect(snapshot.rows.every((r) => r.gender === 'F' && r.country === 'IRN')).toBe(true);
    expect(snapshot.rows.map((r) => r.bib)).toEqual(['1', '3', '6']);
    // Ana is second over all (Ben finished first) and first woman.
    expect(snapshot.rows[0].places).toEqual({ overall: 2, gender: 1, ageGroup: 1 });
    expect(snapshot.total).toBe(3);
    const update = await afterReads(socket, snapshot.key, [
      { point: 'start', chip: 'C6', time: GUN + 1_000 },
      { point: 'finish', chip: 'C6', time: GUN + min(39) },
      // A man's read changes nothing in this view but the counters (Cyra, not started, moves down).
      { point: 'start', chip: 'C5', time: GUN + 1_000 },
    ]);
    expect(update.rows.every((r) => r.gender === 'F' && r.country === 'IRN')).toBe(true);
    expect(update.rows.map((r) => [r.bib, r.index, r.places?.overall, r.places?.gender])).toEqual([['6', 0, 2, 1]]);
    expect(update.moved).toEqual([
      ['1', 1, 3, 2, 1],
      ['3', 2, null, null, null],
    ]);
    expect(update.total).toBe(3);
    const server = await serverWindow(v);
    const state = fromWindowSnapshot(snapshot);
    applyWindowUpdate(state, update, 1);
    expect(windowRows(state)).toEqual(server.entries);
  });

  it('never has a private entrant in a window, in a snapshot or an update', async () => {
    const socket = await client();
    const frames: unknown[] = [];
    socket.onAny((_event, ...args) => frames.push(args));
    const v = view({ gender: 'F', limit: 10 });
    const snapshot = await open(socket, v);
    expect(snapshot.rows.map((r) => r.bib)).not.toContain('7');
    // Gita (private) starts and finishes first: every public row moves down, she never appears.
    const update = await afterReads(socket, snapshot.key, [
      { point: 'start', chip: 'C7', time: GUN + 1_000 },
      { point: 'finish', chip: 'C7', time: GUN + min(30) },
      { point: 'start', chip: 'C4', time: GUN + 1_000 },
    ]);
    // Dara enters first among the public women, the others move down one.
    expect(update.rows.map((r) => r.bib)).toEqual(['4']);
    expect(update.moved.map(([bib]) => bib)).toEqual(['1', '3']);
    // Gita's place is counted (official places), her row is not shown.
    expect(update.rows[0].places?.overall).toBe(2);
    expect(update.total).toBe(4);
    expect(JSON.stringify([snapshot, frames])).not.toContain('Gita');
  });

  it('refuses a bad view with a message; a new view replaces the old one; unview and disconnect drop it', async () => {
    const socket = await client();
    const bad = await socket.emitWithAck('race:view', { ...view(), limit: 500 });
    expect(!bad.ok && bad.error).toMatch(/limit/);
    const missing = await socket.emitWithAck('race:view', view({ raceId: 'nope' }));
    expect(!missing.ok && missing.error).toMatch(/no race "nope"/);
    await open(socket, view());
    const second = await open(socket, view({ offset: 3 }));
    expect(second.rows.map((r) => r.bib)).toEqual(['4', '5', '6']);
    expect(p.server.hub.views.count('test-event', '10k')).toBe(1);
    const update = await afterReads(socket, second.key, [{ point: 'start', chip: 'C6', time: GUN + 1_000 }]);
    expect(update.key).toBe(second.key);
    expect((await socket.emitWithAck('race:unview', { eventId: 'test-event', raceId: '10k' })).ok).toBe(true);
    expect(p.server.hub.views.count('test-event', '10k')).toBe(0);
    await open(socket, view());
    socket.close();
    await expect.poll(() => p.server.hub.views.count('test-event', '10k')).toBe(0);
  });
});

describe('followed runners and the overview', () => {
  it('a followed runner arrives with places computed by the server', async () => {
    const socket = await client();
    const res = await socket.emitWithAck('runners:follow', { eventId: 'test-event', bibs: ['3'] });
    expect(res.ok && res.data[0].places).toBeNull();
    const update = nextUpdate(socket, 'runner:update', (u) => u.runner.bib === '3' && u.runner.status === 'finished');
    await postReads(p.server.url, 'test-event', p.token, {
      reads: [
        { point: 'start', chip: 'C1', time: GUN + 1_000 },
        { point: 'finish', chip: 'C1', time: GUN + min(38) },
        { point: 'start', chip: 'C3', time: GUN + 1_000 },
        { point: 'finish', chip: 'C3', time: GUN + min(40) },
      ],
    });
    const [u] = await update;
    expect(u.runner.places).toEqual({ overall: 2, gender: 2, ageGroup: 1 });
  });

  it('the overview gets a small summary, only after asking for it', async () => {
    const watcher = await client();
    const other = await client();
    const got: string[] = [];
    other.on('race:summary', (s) => got.push(s.raceId));
    const res = await watcher.emitWithAck('race:summary', { eventId: 'test-event', raceId: '10k' });
    expect(res.ok && res.data.counters.registered).toBe(8);
    const next = nextUpdate(watcher, 'race:summary', (s) => s.raceId === '10k' && s.counters.finished === 1);
    await postReads(p.server.url, 'test-event', p.token, { reads: [{ point: 'start', chip: 'C2', time: GUN + 1_000 }, { point: 'finish', chip: 'C2', time: GUN + min(38) }] });
    const [summary] = await next;
    expect(summary.histogram).toHaveLength(1);
    expect(summary.histogram[0].count).toBe(1);
    expect(summary.countries[0]).toEqual({ code: 'IRN', count: 4 });
    expect(JSON.stringify(summary).length).toBeLessThan(1_000);
    // A round trip on the other socket after the summary went out: had it been sent there too, it would be here.
    await other.emitWithAck('race:unview', { eventId: 'test-event', raceId: '10k' });
    expect(got).toEqual([]);
  });
});
