// Every organizer write path × actor (anonymous, a timing device's token, an organizer without
// the event, an admin) × expected status; refused calls change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { GUN, min } from './fixtures';
import { ADMIN, call, logIn, startWithOrganizer } from './organizer-helpers';
import { postReads, type TestPrimary } from './support/servers';

const EV = '/api/organizer/events/test-event';
const gpx = readFileSync(new URL('./organizer-files/course.gpx', import.meta.url), 'utf8');

let primary: TestPrimary & { cookie: string };
let outsider: string;
let url: string;
let readSeq = 0;
let deviceId = '';

beforeAll(async () => {
  primary = await startWithOrganizer();
  url = primary.server.url;
  const made = await call(url, 'POST', '/api/organizer/accounts', { cookie: primary.cookie, body: { email: 'other@splitcast.test', password: 'another long password', role: 'organizer', eventIds: [] } });
  expect(made.status).toBe(201);
  outsider = await logIn(url, 'other@splitcast.test', 'another long password');
  const res = await postReads(url, 'test-event', primary.token, {
    reads: [
      { point: 'start', chip: 'C2', time: GUN + 5_000 },
      { point: 'finish', chip: 'C2', time: GUN + min(45) },
      { point: '5k', chip: 'C1', time: GUN + min(20) },
      { point: '5k', chip: 'C999', time: GUN + min(21) },
    ],
  });
  expect(await res.json()).toMatchObject({ accepted: 4, unmatched: 1 });
  const runner = await call(url, 'GET', `${EV}/runners/1`, { cookie: primary.cookie });
  readSeq = runner.body.reads[0].seq;
});
afterAll(() => primary.server.close());

interface Row {
  method: string;
  path: string | (() => string);
  body: () => unknown;
  admin: number;
  /** An organizer without this event: 403, or 200 for paths not tied to an event. */
  outsider?: number;
}

const rows: Row[] = [
  { method: 'POST', path: '/api/organizer/accounts', body: () => ({ email: 'x@splitcast.test', password: 'yet another password' }), admin: 201 },
  { method: 'POST', path: '/api/organizer/events', body: () => ({ id: 'new-event', name: 'New', date: '2026-05-01', race: { id: '5k', name: '5 km', distance: 5000 } }), admin: 201 },
  { method: 'POST', path: '/api/organizer/course/preview', body: () => ({ text: gpx }), admin: 200, outsider: 200 },
  { method: 'POST', path: `${EV}/races`, body: () => ({ id: 'half', name: 'Half', distance: 21_097, splits: [10_000] }), admin: 201 },
  { method: 'POST', path: `${EV}/races/half/course`, body: () => ({ text: gpx }), admin: 200 },
  { method: 'POST', path: `${EV}/races/half/snap`, body: () => ({ position: [51.33, 35.7003] }), admin: 200 },
  { method: 'POST', path: `${EV}/races/half/timing-points`, body: () => ({ distance: 15_000 }), admin: 201 },
  { method: 'DELETE', path: `${EV}/races/half/timing-points/15k`, body: () => ({}), admin: 200 },
  { method: 'PUT', path: `${EV}/races/loop/loop`, body: () => ({ length: 700, laps: 4 }), admin: 200 },
  { method: 'POST', path: `${EV}/entrants/preview`, body: () => ({ csv: 'bib,name,gender,race\n90,Zoe,F,10k\n', mode: 'add' }), admin: 200 },
  { method: 'POST', path: `${EV}/entrants/import`, body: () => ({ csv: 'bib,name,gender,race\n90,Zoe,F,10k\n', mode: 'add' }), admin: 200 },
  { method: 'POST', path: `${EV}/races/10k/gun`, body: () => ({ time: GUN + 1000, correct: true, reason: 'recorded a second late' }), admin: 200 },
  { method: 'POST', path: `${EV}/runners/3/status`, body: () => ({ status: 'dns', reason: 'visa refused' }), admin: 200 },
  { method: 'POST', path: `${EV}/runners/3/move`, body: () => ({ raceId: 'half', reason: 'entered the wrong race' }), admin: 200 },
  { method: 'POST', path: `${EV}/runners/1/splits`, body: () => ({ point: 'finish', time: GUN + min(44), reason: 'mat down, photo finish' }), admin: 201 },
  { method: 'POST', path: () => `${EV}/reads/${readSeq}/ignore`, body: () => ({ reason: 'read from the roadside' }), admin: 200 },
  { method: 'POST', path: `${EV}/unmatched/assign`, body: () => ({ chip: 'C999', bib: '90', reason: 'chip swapped at pick-up' }), admin: 200 },
  { method: 'POST', path: `${EV}/runners/2/review`, body: () => ({ reason: 'mat at 5 km was down' }), admin: 200 },
  { method: 'POST', path: `${EV}/devices`, body: () => ({ name: 'finish mat 2' }), admin: 201 },
  { method: 'POST', path: () => `${EV}/devices/${deviceId}/revoke`, body: () => ({}), admin: 200 },
];

const readPaths = [`${EV}/setup`, `${EV}/audit`, `${EV}/monitoring`, `${EV}/races/10k/results.csv`, `${EV}/unmatched`, `${EV}/runners/1`, `${EV}/devices`, '/api/organizer/me'];

async function snapshot() {
  const setup = await call(url, 'GET', `${EV}/setup`, { cookie: primary.cookie });
  const audit = await call(url, 'GET', `${EV}/audit?limit=500`, { cookie: primary.cookie });
  const accounts = await call(url, 'GET', '/api/organizer/accounts', { cookie: primary.cookie });
  const events = await call(url, 'GET', '/api/organizer/events', { cookie: primary.cookie });
  return JSON.stringify([setup.body, audit.body, accounts.body, events.body]);
}

describe('organizer write paths × actors', () => {
  it.each(rows.map((r, i) => [i, `${r.method} ${typeof r.path === 'string' ? r.path : r.path.toString().replace(/^.*`(.*)`.*$/, '$1')}`, r] as const))(
    '%i %s',
    async (_i, _label, row) => {
      const path = typeof row.path === 'string' ? row.path : row.path();
      const before = await snapshot();
      const anonymous = await call(url, row.method, path, { body: row.body() });
      const device = await call(url, row.method, path, { token: primary.token, body: row.body() });
      const other = await call(url, row.method, path, { cookie: outsider, body: row.body() });
      const notJson = await call(url, row.method, path, { cookie: primary.cookie, body: row.body(), contentType: 'text/plain' });
      expect([anonymous.status, device.status, notJson.status]).toEqual([401, 401, 415]);
      expect(anonymous.body.error).toMatch(/log in/);
      if ((row.outsider ?? 403) === 403) {
        expect(other.status).toBe(403);
        expect(await snapshot()).toBe(before);
      }
      const admin = await call(url, row.method, path, { cookie: primary.cookie, body: row.body() });
      expect(admin.status, admin.text).toBe(row.admin);
      if (path.endsWith('/devices')) deviceId = admin.body.device.id;
    },
  );

  it.each(readPaths)('GET %s needs a session (and the event)', async (path) => {
    expect((await call(url, 'GET', path)).status).toBe(401);
    expect((await call(url, 'GET', path, { token: primary.token })).status).toBe(401);
    expect((await call(url, 'GET', path, { cookie: outsider })).status).toBe(path.endsWith('/me') ? 200 : 403);
    expect((await call(url, 'GET', path, { cookie: primary.cookie })).status).toBe(200);
  });

  it('audits every change with who, what, before and after', async () => {
    const { body } = await call(url, 'GET', `${EV}/audit?limit=500`, { cookie: primary.cookie });
    const actions = body.entries.map((e: { action: string }) => e.action).reverse();
    expect(actions).toEqual([
      'race.add', 'race.course', 'timing-point.add', 'timing-point.remove', 'race.loop', 'entrants.add', 'race.gun.correct', 'runner.status', 'runner.move',
      'split.add', 'read.ignore', 'chip.assign', 'flags.review', 'device.create', 'device.revoke',
    ]);
    const move = body.entries.find((e: { action: string }) => e.action === 'runner.move');
    expect(move).toMatchObject({ actor: ADMIN.email, target: '3', reason: 'entered the wrong race', before: { raceId: '10k' }, after: { raceId: 'half' } });
  });

  it('refuses a revoked device token at once', async () => {
    const made = await call(url, 'POST', `${EV}/devices`, { cookie: primary.cookie, body: { name: 'spare mat' } });
    const read = { reads: [{ point: '5k', chip: 'C3', time: GUN + min(25) }] };
    expect((await postReads(url, 'test-event', made.body.token, read)).status).toBe(200);
    await call(url, 'POST', `${EV}/devices/${made.body.device.id}/revoke`, { cookie: primary.cookie });
    expect((await postReads(url, 'test-event', made.body.token, read)).status).toBe(401);
  });
});

describe('log-in', () => {
  it('sets an httpOnly, SameSite=Strict session cookie, and log-out ends the session', async () => {
    const res = await fetch(`${url}/api/organizer/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^sc_session=[\w-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const session = cookie.split(';')[0];
    expect((await call(url, 'GET', '/api/organizer/me', { cookie: session })).body.organizer.email).toBe(ADMIN.email);
    expect((await call(url, 'POST', '/api/organizer/logout', { cookie: session })).status).toBe(200);
    expect((await call(url, 'GET', '/api/organizer/me', { cookie: session })).status).toBe(401);
  });

  it('refuses a wrong password or an unknown address with the same answer', async () => {
    const wrong = await call(url, 'POST', '/api/organizer/login', { body: { email: ADMIN.email, password: 'not the password' } });
    const unknown = await call(url, 'POST', '/api/organizer/login', { body: { email: 'nobody@splitcast.test', password: 'not the password' } });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('says what is wrong with a bad body', async () => {
    const res = await call(url, 'POST', '/api/organizer/login', { body: { email: 'x' } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/email.*password|password/);
  });
});
