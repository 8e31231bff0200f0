// A race's course history through the real server and its SQLite file: earlier years' results
// uploaded as CSV, listed, checked with a clear 4xx, kept over a restart, removed; spectators never
// get the history's cells.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDuration } from '../shared/format';
import { ADMIN, call, logIn, startWithOrganizer } from './organizer-helpers';
import { startPrimary, type TestPrimary } from './support/servers';

let primary: TestPrimary & { cookie: string };
const HISTORY = '/api/organizer/events/test-event/races/10k/history';

/** A past 10 km's results in the replay's format: `finishers` runners, slower in the second half. */
function pastResults(finishers: number): string {
  const lines = ['Bib,Age,M/F,5K,Official Time'];
  for (let i = 0; i < finishers; i++) {
    const fiveK = 1200 + i * 7;
    lines.push(`${i + 1},${20 + (i % 40)},${i % 2 ? 'F' : 'M'},${formatDuration(fiveK * 1000)},${formatDuration(Math.round(fiveK * (2.08 + (i % 5) * 0.01)) * 1000)}`);
  }
  return `${lines.join('\n')}\n`;
}

function upload(text: string, name = 'past.csv', contentType = 'text/csv') {
  return fetch(`${primary.server.url}${HISTORY}?name=${encodeURIComponent(name)}`, { method: 'POST', headers: { cookie: primary.cookie, 'content-type': contentType }, body: text }).then(async (res) => ({ status: res.status, body: await res.json() }));
}

const api = (method: string, path: string) => call(primary.server.url, method, path, { cookie: primary.cookie, body: method === 'GET' ? undefined : {} });

beforeAll(async () => {
  primary = await startWithOrganizer();
});

afterAll(async () => {
  await primary.server.close();
});

describe('course history', () => {
  it('refuses what is not a usable results file, with what is wrong', async () => {
    expect((await upload('{}', 'x', 'application/json')).status).toBe(415);
    const noColumns = await upload('foo,bar\n1,2\n');
    expect(noColumns.status).toBe(422);
    expect(noColumns.body.error).toMatch(/no column for: bib, gender, finish/);
    const few = await upload(pastResults(10));
    expect(few.status).toBe(422);
    expect(few.body.error).toMatch(/10 finishers with splits; at least 50/);
    const noName = await fetch(`${primary.server.url}${HISTORY}`, { method: 'POST', headers: { cookie: primary.cookie, 'content-type': 'text/csv' }, body: pastResults(80) });
    expect(noName.status).toBe(400);
    const loop = await fetch(`${primary.server.url}/api/organizer/events/test-event/races/loop/history?name=x`, { method: 'POST', headers: { cookie: primary.cookie, 'content-type': 'text/csv' }, body: pastResults(80) });
    expect(loop.status).toBe(422);
    expect((await loop.json()).error).toMatch(/point-to-point/);
    expect((await api('GET', HISTORY)).body.files).toEqual([]);
  });

  it('takes a file, lists it, gives it to the engine, and keeps it from spectators', async () => {
    const added = await upload(pastResults(120), '2025 results.csv');
    expect(added.status).toBe(201);
    expect(added.body.file).toMatchObject({ id: 'y1', name: '2025 results.csv', runners: 120, finishers: 120, segments: 1 });
    const listed = (await api('GET', HISTORY)).body.files;
    expect(listed.map((f: { id: string }) => f.id)).toEqual(['y1']);
    expect(primary.server.primary!.runtime.setup('test-event')!.races.find((r) => r.id === '10k')!.history).toHaveLength(1);
    const publicInfo = await call(primary.server.url, 'GET', '/api/events/test-event');
    expect(publicInfo.status).toBe(200);
    expect(publicInfo.text).not.toContain('"history"');
    const audit = (await api('GET', '/api/organizer/events/test-event/audit?limit=50')).body.entries;
    expect(audit.some((e: { action: string }) => e.action === 'race.history.add')).toBe(true);
  });

  it('is still there after a restart on the same data, and can be removed', async () => {
    const dataDir = primary.dataDir;
    await primary.server.close();
    const again = await startPrimary({ dataDir });
    primary = { ...again, cookie: await logIn(again.server.url, ADMIN.email, ADMIN.password) };
    expect((await api('GET', HISTORY)).body.files.map((f: { name: string }) => f.name)).toEqual(['2025 results.csv']);
    const removed = await api('DELETE', `${HISTORY}/y1`);
    expect(removed.status).toBe(200);
    expect(removed.body.files).toEqual([]);
    expect(primary.server.primary!.runtime.setup('test-event')!.races.find((r) => r.id === '10k')!.history).toBeUndefined();
    expect((await api('DELETE', `${HISTORY}/y1`)).status).toBe(404);
  });
});
