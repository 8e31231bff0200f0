// What an anonymous client can draw is bounded: no whole race over a socket, windows of at most 200
// rows, public leaderboards a page of at most 200 rows at a time; a window's snapshot is encoded once
// per race version for every socket; filters that match no one cost nothing and the rest cost one
// pass over the race per update, however many distinct filters are shown. Real server, real sockets.
import { afterEach, describe, expect, it } from 'vitest';
import { decodeWindowSnapshot, MAX_VIEW_LIMIT, type RaceView } from '../shared/race-view';
import { WHOLE_RACE_REFUSED } from '../server/sockets/whole-race-access';
import { GUN, min, smallEvent } from './fixtures';
import { connectSocket, nextUpdate, postReads, startPrimary, type TestPrimary, type TestSocket } from './support/servers';

const FIELD = 250;
const countries = ['IRN', 'KEN', 'DEU', 'FRA', 'USA'];
const bigEvent = () =>
  smallEvent({
    entrants: Array.from({ length: FIELD }, (_, i) => ({
      bib: String(i + 1),
      chip: `C${i + 1}`,
      name: `Runner ${i + 1}`,
      gender: i % 2 ? 'M' : 'F',
      age: 20 + (i % 40),
      country: countries[i % countries.length],
      raceId: '10k',
    })),
  });

let p: TestPrimary;
const sockets: TestSocket[] = [];

async function start(config: Record<string, unknown> = {}, frozen = false): Promise<void> {
  const at = Date.now();
  p = await startPrimary({ event: bigEvent(), config, clock: frozen ? () => at : undefined });
}

async function socket(options: { wholeRace?: boolean } = {}): Promise<TestSocket> {
  const s = await connectSocket(p.server.url, options);
  sockets.push(s);
  return s;
}

afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await p?.server.close();
});

const view = (over: Partial<RaceView> = {}): RaceView => ({ eventId: 'test-event', raceId: '10k', offset: 0, limit: 50, ...over });

/** Post reads and wait until the race's update is out (seen by a whole-race socket of the cluster's tools). */
async function ingest(reads: object[]): Promise<void> {
  const watcher = await socket({ wholeRace: true });
  expect((await watcher.emitWithAck('race:subscribe', { eventId: 'test-event', raceId: '10k' })).ok).toBe(true);
  const update = nextUpdate(watcher, 'race:update', (u) => u.raceId === '10k');
  expect((await postReads(p.server.url, 'test-event', p.token, { reads })).status).toBe(200);
  await update;
}

const starts = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => ({ point: 'start', chip: `C${from + i + 1}`, time: GUN + 1_000 + i }));

describe('anonymous sockets', () => {
  it('are refused the whole race with a message saying what to ask for instead', async () => {
    await start();
    const anyone = await socket();
    const res = await anyone.emitWithAck('race:subscribe', { eventId: 'test-event', raceId: '10k' });
    expect(res).toEqual({ ok: false, error: WHOLE_RACE_REFUSED });
    expect(WHOLE_RACE_REFUSED).toMatch(/race:view/);
    // The refused socket joined nothing: an update of the race does not reach it.
    let got = 0;
    anyone.on('race:update', () => got++);
    await ingest(starts(0, 5));
    expect(got).toBe(0);
    // The cluster's tools (its token) and organizers may.
    const tool = await socket({ wholeRace: true });
    const whole = await tool.emitWithAck('race:subscribe', { eventId: 'test-event', raceId: '10k' });
    expect(whole.ok && whole.data.runners.length).toBe(FIELD);
  });

  it('get windows of at most 200 rows', async () => {
    await start();
    const anyone = await socket();
    const over = await anyone.emitWithAck('race:view', view({ limit: MAX_VIEW_LIMIT + 1 }));
    expect(over.ok).toBe(false);
    expect(!over.ok && over.error).toMatch(/200/);
    const full = await anyone.emitWithAck('race:view', view({ limit: MAX_VIEW_LIMIT }));
    expect(full.ok).toBe(true);
    const snapshot = decodeWindowSnapshot(full.ok ? full.data : new Uint8Array());
    expect(snapshot.rows).toHaveLength(MAX_VIEW_LIMIT);
    expect(snapshot.total).toBe(FIELD);
  });
});

describe('the public leaderboard over HTTP', () => {
  it('comes a page of at most 200 rows at a time; more is a 400 that says so', async () => {
    await start();
    const page = (q: string) => fetch(`${p.server.url}/api/events/test-event/races/10k/leaderboard?${q}`);
    const over = await page('limit=201');
    expect(over.status).toBe(400);
    expect(((await over.json()) as { error: string }).error).toMatch(/at most 200 rows a page.*offset/);
    expect((await page('limit=10000')).status).toBe(400);
    const first = (await (await page('limit=200')).json()) as { total: number; entries: { bib: string }[] };
    const second = (await (await page('offset=200&limit=200')).json()) as { total: number; entries: { bib: string }[] };
    expect(first.total).toBe(FIELD);
    expect(first.entries).toHaveLength(200);
    expect(second.entries).toHaveLength(FIELD - 200);
    const bibs = new Set([...first.entries, ...second.entries].map((e) => e.bib));
    expect(bibs.size).toBe(FIELD);
    // The past board is paged the same way.
    const past = await page(`at=${GUN + min(5)}&limit=201`);
    expect(past.status).toBe(400);
    expect(((await past.json()) as { error: string }).error).toMatch(/at most 200 rows a page/);
  });
});

describe('a window snapshot', () => {
  it('is encoded once per race version: two sockets get the same bytes', async () => {
    await start();
    const views = p.server.hub.views;
    const [a, b, c] = [await socket(), await socket(), await socket()];
    const before = views.encodes;
    const first = await a.emitWithAck('race:view', view());
    const second = await b.emitWithAck('race:view', view());
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(Buffer.compare(Buffer.from(first.data as Uint8Array), Buffer.from(second.data as Uint8Array))).toBe(0);
    expect(views.encodes - before).toBe(1);
    // After the race changed, the next socket to open it gets a new encoding, made once.
    await ingest(starts(0, 10));
    const third = await c.emitWithAck('race:view', view());
    expect(views.encodes - before).toBe(2);
    const decoded = decodeWindowSnapshot(third.ok ? third.data : new Uint8Array());
    expect(decoded.counters.started).toBe(10);
  });
});

describe('distinct filters', () => {
  it('cost nothing when they match no one, and one pass over the race per update whatever their number', async () => {
    // No budget: thirty views from one address are the point here, not the address's limits.
    await start({ SOCKET_BURST: 0 });
    const views = p.server.hub.views;
    // Thirty spectators each with an age group no runner has.
    for (let i = 0; i < 30; i++) expect((await (await socket()).emitWithAck('race:view', view({ ageGroup: `Z${i}` }))).ok).toBe(true);
    // And twelve real filters: one field each, and two fields together.
    const real: Partial<RaceView>[] = [
      ...countries.map((country) => ({ country })),
      { gender: 'F' },
      { gender: 'M' },
      ...countries.map((country) => ({ gender: 'F', country })),
    ];
    for (const filter of real) expect((await (await socket()).emitWithAck('race:view', view(filter))).ok).toBe(true);
    const computed = views.computations;
    const scanned = views.rowsScanned;
    await ingest(starts(0, 20));
    // One split of the race by field values (FIELD rows), then only the two-field filters look at
    // their smallest part (a country: FIELD / 5 rows each); the thirty empty ones at nothing.
    expect(views.computations - computed).toBe(real.length);
    expect(views.rowsScanned - scanned).toBe(FIELD + countries.length * (FIELD / countries.length));
  });

  it('cost an address more when no one else shows them: it can open only a few new ones in a while', async () => {
    // Ten units at once and the clock stopped (no refill); a request goes through while a unit is
    // left. A new filter costs three units, one already shown costs one.
    await start({ SOCKET_BURST: 10 }, true);
    const from = async (localAddress: string) => {
      const s = await connectSocket(p.server.url, { localAddress });
      sockets.push(s);
      return s;
    };
    expect((await (await from('127.0.0.2')).emitWithAck('race:view', view({ country: 'KEN' }))).ok).toBe(true);
    const fresh = [];
    for (const country of ['IRN', 'DEU', 'FRA', 'USA', 'GBR']) fresh.push((await (await from('127.0.0.3')).emitWithAck('race:view', view({ country }))).ok);
    expect(fresh).toEqual([true, true, true, true, false]);
    // Kenya is shown already: ten in a row from one address.
    const shared = [];
    for (let i = 0; i < 10; i++) shared.push((await (await from('127.0.0.1')).emitWithAck('race:view', view({ country: 'KEN' }))).ok);
    expect(shared.every(Boolean)).toBe(true);
  });
});
