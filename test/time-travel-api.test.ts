// `?at=` on the public routes, over real HTTP against a real primary and SQLite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUN, min, OVERTAKE_READS } from './fixtures';
import { postReads, startPrimary, TEST_CLUSTER_TOKEN, type TestPrimary } from './support/servers';
import { waitFor } from './support/wait-for';
import { createSplitcast } from '../server/app';
import { configWith } from '../server/config';

let p: TestPrimary;
const get = async (path: string) => {
  const res = await fetch(`${p.server.url}${path}`);
  return { status: res.status, body: (await res.json()) as any };
};
const board = (at: string | number, extra = '') => get(`/api/events/test-event/races/10k/leaderboard?at=${encodeURIComponent(String(at))}${extra}`);

beforeAll(async () => {
  p = await startPrimary();
  // Ben leads at 5 km; Ana passes him and finishes first. Eli (private) laps the loop.
  const res = await postReads(p.server.url, 'test-event', p.token, {
    reads: [
      ...OVERTAKE_READS,
      { point: 'lap', chip: 'C5', time: GUN + min(3) },
    ],
  });
  expect(res.status).toBe(200);
});
afterAll(async () => {
  await p.server.close();
});

describe('GET …/leaderboard?at=', () => {
  it('answers the order as at a moment between the two mats, and after the change', async () => {
    const before = await board(new Date(GUN + min(25)).toISOString());
    expect(before.status).toBe(200);
    expect(before.body.entries.slice(0, 2).map((e: any) => [e.bib, e.status, e.places.overall])).toEqual([
      ['2', 'onCourse', 1],
      ['1', 'onCourse', 2],
    ]);
    expect(before.body).toMatchObject({ at: GUN + min(25), from: GUN, to: GUN + min(41), counters: { onCourse: 2, finished: 0 } });
    const after = await board(GUN + min(40));
    expect(after.body.entries.slice(0, 2).map((e: any) => [e.bib, e.status])).toEqual([
      ['1', 'finished'],
      ['2', 'onCourse'],
    ]);
    // Live (no `at`): both finished, Ana first, once the reads' window has gone out to the live views.
    const live = await waitFor(
      () => get('/api/events/test-event/races/10k/leaderboard'),
      (r) => r.body.counters?.finished === 2,
      'the live leaderboard with both finished',
    );
    expect(live.body.entries.slice(0, 2).map((e: any) => [e.bib, e.status])).toEqual([
      ['1', 'finished'],
      ['2', 'finished'],
    ]);
  });

  it('keeps filters and paging', async () => {
    const women = await board(GUN + min(25), '&gender=F&limit=1');
    expect(women.body.total).toBe(3);
    expect(women.body.entries.map((e: any) => e.bib)).toEqual(['1']);
  });

  it('leaves a private entrant out, as the live answers do, while the counters count them', async () => {
    const loop = await get(`/api/events/test-event/races/loop/leaderboard?at=${GUN + min(5)}`);
    expect(loop.status).toBe(200);
    expect(loop.body.entries.map((e: { bib: string }) => e.bib)).not.toContain('5');
    expect(JSON.stringify(loop.body)).not.toContain('Eli');
    expect(loop.body.counters.onCourse).toBe(1);
    const eli = await get(`/api/events/test-event/runners/5?at=${GUN + min(5)}`);
    expect(eli.status).toBe(404);
  });

  it.each([
    ['yesterday', /not a moment/],
    ['', /empty/],
    ['2026-04-17T09:03:12', /not a moment/],
    ['2026-13-45T09:03:12Z', /not a valid date/],
    ['99999999999999999999', /not a valid date/],
  ])('refuses at=%j with a 400 that says why', async (at, message) => {
    const res = await board(at);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(message);
  });

  it('refuses `at` given twice, and other bad parameters, with a 400', async () => {
    expect((await get(`/api/events/test-event/races/10k/leaderboard?at=1&at=2`)).body.error).toMatch(/more than once/);
    expect((await board(GUN, '&limit=0')).status).toBe(400);
  });

  it('refuses a moment outside the event\'s window with a 400 that gives the window', async () => {
    const res = await board('2020-01-01T00:00:00Z');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/outside the event's window/);
    expect(res.body.from).toBeLessThan(GUN);
    expect(res.body.to).toBeGreaterThan(GUN);
    expect((await get(`/api/events/test-event/runners/1?at=${Date.UTC(2030, 0, 1)}`)).status).toBe(400);
  });

  it('carries the whole race\'s filter options and overview figures, not the page\'s', async () => {
    const page = await board(GUN + min(45), '&limit=1');
    expect(page.body.entries).toHaveLength(1);
    expect(page.body.options.gender).toEqual(['F', 'M']);
    expect(page.body.histogram.reduce((n: number, b: { count: number }) => n + b.count, 0)).toBe(2);
  });

  it('answers 404 for an unknown race or event', async () => {
    expect((await get(`/api/events/test-event/races/nope/leaderboard?at=${GUN}`)).status).toBe(404);
    expect((await get(`/api/events/nope/races/10k/leaderboard?at=${GUN}`)).status).toBe(404);
  });
});

describe('GET …/runners/:bib?at=', () => {
  it('answers the runner as at the moment, with places among the field then', async () => {
    const ana = await get(`/api/events/test-event/runners/1?at=${GUN + min(25)}`);
    expect(ana.status).toBe(200);
    expect(ana.body).toMatchObject({ bib: '1', status: 'onCourse', lastPoint: '5k', netTime: null, at: GUN + min(25) });
    expect(ana.body.splits.map((s: any) => [s.point, s.place])).toEqual([['5k', 2]]);
    const later = await get(`/api/events/test-event/runners/1?at=${GUN + min(45)}`);
    expect(later.body.splits.map((s: any) => [s.point, s.place])).toEqual([
      ['5k', 2],
      ['finish', 1],
    ]);
    expect((await get(`/api/events/test-event/runners/1?at=soon`)).status).toBe(400);
    expect((await get(`/api/events/test-event/runners/77?at=${GUN}`)).status).toBe(404);
  });

  it('follows new reads: a later read changes the answer for a moment after it', async () => {
    // Asked before the read: kept for that second, then no longer, since the read is before it.
    expect((await get(`/api/events/test-event/runners/3?at=${GUN + min(23)}`)).body.lastPoint).toBeNull();
    await postReads(p.server.url, 'test-event', p.token, { reads: [{ point: '5k', chip: 'C3', time: GUN + min(22) }] });
    const cyra = await get(`/api/events/test-event/runners/3?at=${GUN + min(23)}`);
    expect(cyra.body).toMatchObject({ status: 'onCourse', lastPoint: '5k' });
  });
});

describe('a replica', () => {
  it('answers `at` with 421: the primary holds the engines', async () => {
    const replica = await createSplitcast(configWith({ PORT: 0, HOST: '127.0.0.1', ROLE: 'replica', PRIMARY_URL: p.server.url, CLUSTER_TOKEN: TEST_CLUSTER_TOKEN }));
    try {
      const res = await fetch(`${replica.url}/api/events/test-event/races/10k/leaderboard?at=${GUN}`);
      expect(res.status).toBe(421);
      expect((await res.json()).error).toMatch(/primary/);
    } finally {
      await replica.close();
    }
  });
});

describe('a budget per address', () => {
  it('answers 429 with Retry-After once one address asks too often, and the live routes still answer', async () => {
    // Asked in bursts of 50 until refused: 60 at once, then 5 a second, whatever the machine's load.
    const answers: Response[] = [];
    for (let burst = 0; burst < 20 && !answers.some((r) => r.status === 429); burst++) {
      answers.push(...(await Promise.all(Array.from({ length: 50 }, () => fetch(`${p.server.url}/api/events/test-event/races/10k/leaderboard?at=${GUN + min(30)}&limit=1`)))));
    }
    const refused = answers.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(answers.filter((r) => r.status === 200).length).toBeGreaterThan(0);
    expect(Number(refused[0].headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await refused[0].json()).error).toMatch(/too many/);
    expect((await fetch(`${p.server.url}/api/events/test-event/races/10k/leaderboard?limit=1`)).status).toBe(200);
  });
});
