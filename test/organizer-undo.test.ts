// Destructive console actions over the real API: an entrants import says what it will change
// before it changes it (merge is the default, a replace that removes entrants needs the count),
// a gun that has gone is only corrected, and both are undone from the audit log, the undo audited.
// Screen pins are audited too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUN, min } from './fixtures';
import { call, startWithOrganizer } from './organizer-helpers';
import { postReads, type TestPrimary } from './support/servers';

let primary: TestPrimary & { cookie: string };
let url: string;
const EV = '/api/organizer/events/test-event';
const api = (method: string, path: string, body?: unknown) => call(url, method, path, { cookie: primary.cookie, body });
const bibs = async () => ((await api('GET', `${EV}/setup`)).body.entrants as { bib: string }[]).map((e) => e.bib);
const ONE_LINE = 'bib,name,gender,race\n77,Zed,M,10k\n';

beforeAll(async () => {
  primary = await startWithOrganizer();
  url = primary.server.url;
  // Runners 1 and 2 have reads: results, or a split on the way.
  const res = await postReads(url, 'test-event', primary.token, {
    reads: [
      { point: 'start', chip: 'C1', time: GUN + 3_000 },
      { point: 'finish', chip: 'C1', time: GUN + min(40) },
      { point: '5k', chip: 'C2', time: GUN + min(22) },
    ],
  });
  expect(res.status).toBe(200);
});
afterAll(() => primary.server.close());

describe('importing entrants', () => {
  it('previews what a replace would do: the entrants removed, and how many of them have results', async () => {
    await expect.poll(() => primary.server.primary!.runtime.readCount('test-event', '2')).toBe(1);
    const preview = await api('POST', `${EV}/entrants/preview`, { csv: ONE_LINE, mode: 'replace' });
    expect(preview.status).toBe(200);
    expect(preview.body.changes).toEqual({ added: 1, updated: 0, removed: 5, removedWithResults: 2, total: 1 });
  });

  it('refuses a replace that removes entrants without the count, and changes nothing', async () => {
    const before = JSON.stringify([await bibs(), (await api('GET', `${EV}/audit`)).body]);
    const refused = await api('POST', `${EV}/entrants/import`, { csv: ONE_LINE, mode: 'replace' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('this import removes 5 entrants (2 of them have results); nothing was imported — confirm with confirmRemoved: 5');
    const stale = await api('POST', `${EV}/entrants/import`, { csv: ONE_LINE, mode: 'replace', confirmRemoved: 4 });
    expect(stale.status).toBe(409);
    expect(JSON.stringify([await bibs(), (await api('GET', `${EV}/audit`)).body])).toBe(before);
  });

  it('merges by default: a new bib is added, a bib already there is updated and keeps its DNS', async () => {
    const csv = 'bib,name,gender,race\n4,Dara Updated,F,10k\n60,Newcomer,M,loop\n';
    const preview = await api('POST', `${EV}/entrants/preview`, { csv });
    expect(preview.body.changes).toEqual({ added: 1, updated: 1, removed: 0, removedWithResults: 0, total: 6 });
    const imported = await api('POST', `${EV}/entrants/import`, { csv });
    expect(imported.status, imported.text).toBe(200);
    expect(imported.body).toMatchObject({ imported: 2, total: 6 });
    const entrants = (await api('GET', `${EV}/setup`)).body.entrants as { bib: string; name: string; status: string; chip?: string }[];
    expect(entrants.find((e) => e.bib === '4')).toMatchObject({ name: 'Dara Updated', status: 'dns', chip: 'C4' });
    expect(entrants.map((e) => e.bib)).toEqual(['1', '2', '3', '4', '5', '60']);
    // A file of corrections only: no race column, a bib already there stays in its race.
    const fix = await api('POST', `${EV}/entrants/import`, { csv: 'bib,name,gender\n5,Eli Corrected,F\n' });
    expect(fix.status, fix.text).toBe(200);
    const eli = ((await api('GET', `${EV}/setup`)).body.entrants as { bib: string }[]).find((e) => e.bib === '5');
    expect(eli).toMatchObject({ name: 'Eli Corrected', raceId: 'loop', private: true, country: 'FRA', age: 28 });
    const unknown = await api('POST', `${EV}/entrants/preview`, { csv: 'bib,name,gender\n61,Nobody,F\n' });
    expect(unknown.body.problems).toEqual([{ line: 2, field: 'race', message: 'no race given' }]);
  });

  it('a confirmed replace, undone from the audit log: the undo says what it will put back, is audited, and is done once', async () => {
    const done = await api('POST', `${EV}/entrants/import`, { csv: ONE_LINE, mode: 'replace', confirmRemoved: 6 });
    expect(done.status, done.text).toBe(200);
    expect(await bibs()).toEqual(['77']);
    const [entry] = (await api('GET', `${EV}/audit?action=entrants.replace`)).body.entries;
    expect(entry).toMatchObject({ before: { entrants: 6 }, after: { entrants: 1, added: 1, removed: 6, removedWithResults: 2 }, undoable: true, undoneBy: null });
    // The list kept to undo with is not sent with the log.
    expect(JSON.stringify(entry)).not.toContain('Dara Updated');

    const preview = await api('GET', `${EV}/audit/${entry.id}/undo`);
    expect(preview.body).toEqual({ auditId: entry.id, action: 'entrants.replace', kind: 'entrants', changes: { added: 6, updated: 0, removed: 1, removedWithResults: 0, total: 6 } });
    expect(await bibs()).toEqual(['77']);

    const undone = await api('POST', `${EV}/audit/${entry.id}/undo`, { reason: 'wrong file' });
    expect(undone.status, undone.text).toBe(200);
    expect(await bibs()).toEqual(['1', '2', '3', '4', '5', '60']);
    // The runners with reads have their results again.
    const board = await (await fetch(`${url}/api/events/test-event/races/10k/leaderboard?limit=10`)).json();
    expect(board.entries.find((r: { bib: string }) => r.bib === '1').status).toBe('finished');

    const log = (await api('GET', `${EV}/audit`)).body.entries;
    expect(log[0]).toMatchObject({ id: undone.body.entry, action: 'undo', target: `entrants.replace #${entry.id}`, reason: 'wrong file', undoable: true });
    expect(log.find((e: { id: number }) => e.id === entry.id).undoneBy).toBe(undone.body.entry);
    const again = await api('POST', `${EV}/audit/${entry.id}/undo`, {});
    expect(again.status).toBe(409);
    expect(again.body.error).toBe(`audit entry ${entry.id} (entrants.replace) was undone already, by entry ${undone.body.entry}`);
  });

  it('an entry with nothing to undo, or of another event, is refused', async () => {
    const status = (await api('GET', `${EV}/audit?action=entrants.merge`)).body.entries[0];
    expect(status.undoable).toBe(true);
    const moved = await api('POST', `${EV}/runners/3/status`, { status: 'dnf', reason: 'stopped at 5 km' });
    expect(moved.status).toBe(200);
    const [entry] = (await api('GET', `${EV}/audit?action=runner.status`)).body.entries;
    expect(entry.undoable).toBe(false);
    expect((await api('POST', `${EV}/audit/${entry.id}/undo`, {})).status).toBe(409);
    expect((await api('GET', `${EV}/audit/999999/undo`)).status).toBe(404);
    expect((await api('GET', `${EV}/audit/x/undo`)).status).toBe(400);
  });
});

describe('the gun', () => {
  it('is refused again with a 409, corrected explicitly, and the correction undone from the log', async () => {
    const refused = await api('POST', `${EV}/races/10k/gun`, { time: 'now' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatch(/^the gun of 10k went at 07:00:00 \(UTC\)/);
    const corrected = await api('POST', `${EV}/races/10k/gun`, { time: GUN + min(27), correct: true, reason: 'fired again by mistake' });
    expect(corrected.status).toBe(200);
    const [entry] = (await api('GET', `${EV}/audit?action=race.gun.correct`)).body.entries;
    const preview = await api('GET', `${EV}/audit/${entry.id}/undo`);
    expect(preview.body).toEqual({ auditId: entry.id, action: 'race.gun.correct', kind: 'gun', raceId: '10k', waveId: null, from: GUN + min(27), to: GUN });
    const undone = await api('POST', `${EV}/audit/${entry.id}/undo`, {});
    expect(undone.status, undone.text).toBe(200);
    const info = await (await fetch(`${url}/api/events/test-event`)).json();
    expect(info.races.find((r: { id: string }) => r.id === '10k').gunTime).toBe(GUN);
  });

  it('a correction is not undone over a later one: undo the later change first', async () => {
    await api('POST', `${EV}/races/loop/gun`, { time: GUN + min(1), correct: true });
    await api('POST', `${EV}/races/loop/gun`, { time: GUN + min(2), correct: true });
    const [later, earlier] = (await api('GET', `${EV}/audit?action=race.gun.correct`)).body.entries;
    const refused = await api('POST', `${EV}/audit/${earlier.id}/undo`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe(`the gun of loop has changed since entry ${earlier.id} (now 07:02:00, UTC): undo the later change first`);
    expect((await api('POST', `${EV}/audit/${later.id}/undo`, {})).status).toBe(200);
    expect((await api('POST', `${EV}/audit/${earlier.id}/undo`, {})).status).toBe(200);
    expect((await api('GET', `${EV}/setup`)).body.races.find((r: { id: string }) => r.id === 'loop').gunTime).toBe(GUN);
  });
});

describe('removing a mat', () => {
  it('says first whose splits it takes away, and changes nothing by saying so', async () => {
    const before = JSON.stringify((await api('GET', `${EV}/setup`)).body);
    const removal = await api('GET', `${EV}/races/10k/timing-points/5k/removal`);
    expect(removal.body).toEqual({ raceId: '10k', pointId: '5k', name: '5 km', runnersWithSplit: 1 });
    expect(JSON.stringify((await api('GET', `${EV}/setup`)).body)).toBe(before);
    expect((await api('GET', `${EV}/races/10k/timing-points/start/removal`)).status).toBe(422);
    expect((await api('GET', `${EV}/races/10k/timing-points/nowhere/removal`)).status).toBe(404);
  });
});

describe('screen pins', () => {
  it('are audited, pin and unpin', async () => {
    expect((await api('POST', `${EV}/screen-pin`, { bib: '1', seconds: 30 })).status).toBe(201);
    expect((await api('DELETE', `${EV}/screen-pin`)).status).toBe(200);
    const entries = (await api('GET', `${EV}/audit?action=screen.`)).body.entries;
    expect(entries.map((e: { action: string; target: string }) => `${e.action} ${e.target}`)).toEqual(['screen.unpin 1', 'screen.pin 1']);
    expect(entries[1]).toMatchObject({ before: null, after: { bib: '1', seconds: 30 } });
  });
});
