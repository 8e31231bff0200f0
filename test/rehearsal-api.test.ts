// A rehearsal from a results file through the organizer API: created, played at ×N through the
// real ingest, paused, resumed and stopped; marked as a rehearsal in the public event info.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, call, logIn, startWithOrganizer } from './organizer-helpers';
import { startPrimary } from './support/servers';
import { parseResultsFile } from '../server/replay/results-file';
import { waitFor } from './support/wait-for';
import type { TestPrimary } from './support/servers';

// The file's first rows (the elite field), as an organizer would upload them.
const BOSTON = readFileSync(path.resolve(__dirname, '../datasets/boston/2015.csv'), 'utf8').split('\n').slice(0, 60).join('\n');
let p: TestPrimary & { cookie: string };

beforeAll(async () => {
  p = await startWithOrganizer();
});
afterAll(async () => {
  await p.server.close();
});

const postCsv = (path: string, csv: string, cookie = p.cookie) =>
  fetch(`${p.server.url}${path}`, { method: 'POST', headers: { cookie, 'content-type': 'text/csv' }, body: csv });
const status = async () => (await call(p.server.url, 'GET', '/api/organizer/rehearsals/boston-rehearsal', { cookie: p.cookie })).body;

describe('a rehearsal from a results file', () => {
  it('is created as an event marked as a rehearsal, not yet played', async () => {
    const res = await postCsv('/api/organizer/rehearsals/boston-rehearsal/from-results?name=Boston%20rehearsal&sample=25', BOSTON);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ eventId: 'boston-rehearsal', state: 'ready', sent: 0, clock: null });
    const info = await (await fetch(`${p.server.url}/api/events/boston-rehearsal`)).json();
    expect(info).toMatchObject({ id: 'boston-rehearsal', name: 'Boston rehearsal', rehearsal: true, entrantCount: 25 });
    // The same id twice is a conflict; a file that is not results is refused with its reason.
    expect((await postCsv('/api/organizer/rehearsals/boston-rehearsal/from-results?name=again', BOSTON)).status).toBe(409);
    const bad = await postCsv('/api/organizer/rehearsals/other/from-results?name=x', 'a,b\n1,2\n');
    expect(bad.status).toBe(422);
    expect((await bad.json()).error).toMatch(/results file/);
    expect((await postCsv('/api/organizer/rehearsals/other/from-results?name=x', BOSTON, 'sc_session=nope')).status).toBe(401);
  });

  it('plays at ×N through the real ingest, pauses, resumes and stops', async () => {
    const play = await call(p.server.url, 'POST', '/api/organizer/rehearsals/boston-rehearsal/play', { cookie: p.cookie, body: { speed: 600 } });
    expect(play.status).toBe(200);
    expect(play.body.state).toBe('playing');
    // The race starts now: its reads reach the engine and the public standings.
    const board = await waitFor(
      async () => (await fetch(`${p.server.url}/api/events/boston-rehearsal/races/marathon/leaderboard?limit=5`)).json(),
      (b: any) => b.counters.onCourse > 0,
      'runners on course in the rehearsal',
    );
    expect(Math.abs(board.entries[0].startTime - Date.now())).toBeLessThan(10 * 60_000);

    const paused = await call(p.server.url, 'POST', '/api/organizer/rehearsals/boston-rehearsal/pause', { cookie: p.cookie, body: {} });
    expect(paused.body.state).toBe('paused');
    const clock = paused.body.clock;
    expect((await status()).clock).toBe(clock);

    const resumed = await call(p.server.url, 'POST', '/api/organizer/rehearsals/boston-rehearsal/play', { cookie: p.cookie, body: { speed: 600 } });
    expect(resumed.body.state).toBe('playing');
    await waitFor(status, (s) => s.clock > clock + 60_000, 'the race clock going on after resume');

    const stopped = await call(p.server.url, 'POST', '/api/organizer/rehearsals/boston-rehearsal/stop', { cookie: p.cookie, body: {} });
    expect(stopped.body.state).toBe('stopped');
    expect(stopped.body.sent).toBeGreaterThan(0);
    const again = await call(p.server.url, 'POST', '/api/organizer/rehearsals/boston-rehearsal/play', { cookie: p.cookie, body: { speed: 10 } });
    expect(again.status).toBe(409);
    const audit = await call(p.server.url, 'GET', '/api/organizer/events/boston-rehearsal/audit', { cookie: p.cookie });
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body)).toMatch(/rehearsal\.stop/);
  });

  it('refuses a bad speed with a 400', async () => {
    const res = await call(p.server.url, 'POST', '/api/organizer/rehearsals/boston-rehearsal/play', { cookie: p.cookie, body: { speed: 5000 } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/speed/);
  });
});

describe('a rehearsal from an existing event', () => {
  it('takes its set-up and reads, as a rehearsal', async () => {
    const res = await call(p.server.url, 'POST', '/api/organizer/rehearsals/test-rehearsal/from-event', { cookie: p.cookie, body: { name: 'Test again', sourceEventId: 'test-event' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ eventId: 'test-rehearsal', state: 'ready' });
    const info = await (await fetch(`${p.server.url}/api/events/test-rehearsal`)).json();
    expect(info).toMatchObject({ rehearsal: true, entrantCount: 5 });
    const missing = await call(p.server.url, 'POST', '/api/organizer/rehearsals/x/from-event', { cookie: p.cookie, body: { name: 'x', sourceEventId: 'nope' } });
    expect(missing.status).toBe(404);
  });
});

describe('rehearsal players across a restart', () => {
  it('go on where they were: a paused player stays paused at its clock, then plays to the end with no read lost', async () => {
    const config = { ORGANIZER_EMAIL: ADMIN.email, ORGANIZER_PASSWORD: ADMIN.password };
    const first = await startPrimary({ config });
    let cookie = await logIn(first.server.url, ADMIN.email, ADMIN.password);
    const created = await fetch(`${first.server.url}/api/organizer/rehearsals/kept/from-results?name=Kept&sample=25`, { method: 'POST', headers: { cookie, 'content-type': 'text/csv' }, body: BOSTON });
    expect(created.status).toBe(201);
    await call(first.server.url, 'POST', '/api/organizer/rehearsals/kept/play', { cookie, body: { speed: 300 } });
    await waitFor(
      async () => (await fetch(`${first.server.url}/api/events/kept/races/marathon/leaderboard?limit=1`)).json(),
      (b: any) => b.counters.onCourse > 0,
      'runners on course before the restart',
    );
    const paused = await call(first.server.url, 'POST', '/api/organizer/rehearsals/kept/pause', { cookie, body: {} });
    await first.server.close();

    const second = await startPrimary({ config, dataDir: first.dataDir });
    try {
      cookie = await logIn(second.server.url, ADMIN.email, ADMIN.password);
      const kept = await call(second.server.url, 'GET', '/api/organizer/rehearsals/kept', { cookie });
      expect(kept.status).toBe(200);
      expect(kept.body.state).toBe('paused');
      // From the first read not yet acknowledged: at most one tick of the player's race clock earlier.
      expect(kept.body.clock).toBeLessThanOrEqual(paused.body.clock);
      expect(kept.body.clock).toBeGreaterThan(paused.body.clock - 5 * 60_000);
      const replayed = await call(second.server.url, 'POST', '/api/organizer/rehearsals/kept/play', { cookie, body: { speed: 600 } });
      expect(replayed.body.state).toBe('playing');
      await waitFor(async () => (await call(second.server.url, 'GET', '/api/organizer/rehearsals/kept', { cookie })).body, (s: any) => s.state === 'finished', 'the rehearsal played to its end', 60_000);
      const finishers = parseResultsFile(BOSTON).rows.slice(0, 25).filter((r) => r.finish !== null).length;
      const board = await waitFor(
        async () => (await fetch(`${second.server.url}/api/events/kept/races/marathon/leaderboard?limit=1`)).json(),
        (b: any) => b.counters.finished === finishers,
        'every finisher of the sample finished',
      );
      expect(board.counters.finished).toBe(finishers);
    } finally {
      await second.server.close();
    }
  }, 120_000);
});
