// Race control over the real API, seen live by spectators' sockets; the organizer socket room;
// corrections that survive a restart; results export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUN, min } from './fixtures';
import { call, connectOrganizer, startWithOrganizer, ADMIN, logIn } from './organizer-helpers';
import { connectSocket, nextUpdate, postReads, startPrimary, type TestPrimary, type TestSocket } from './support/servers';
import type { RaceSnapshot } from '../shared/views';
import type { MonitoringReport } from '../shared/organizer';

const EV = '/api/organizer/events/test-event';
let primary: TestPrimary & { cookie: string };
let url: string;
let spectator: TestSocket;
const api = (method: string, path: string, body?: unknown) => call(url, method, path, { cookie: primary.cookie, body });

function subscribe(raceId: string): Promise<RaceSnapshot> {
  return new Promise((resolve, reject) =>
    spectator.emit('race:subscribe', { eventId: 'test-event', raceId }, (res) => (res.ok ? resolve(res.data) : reject(new Error(res.error)))),
  );
}
const changed = () => nextUpdate(spectator, 'event:changed', (e) => e.eventId === 'test-event');
/** The next update of a race in which a runner matches. */
const updated = (raceId: string, check: (r: RaceSnapshot['runners'][number]) => boolean) =>
  nextUpdate(spectator, 'race:update', (u) => u.raceId === raceId && u.runners.some(check));

beforeAll(async () => {
  primary = await startWithOrganizer();
  url = primary.server.url;
  spectator = await connectSocket(url, { wholeRace: true });
  await subscribe('10k');
  const finished = nextUpdate(spectator, 'race:update', (u) => u.runners.some((r) => r.bib === '2' && r.status === 'finished'));
  const res = await postReads(url, 'test-event', primary.token, {
    reads: [
      { point: 'start', chip: 'C1', time: GUN + 3_000 },
      { point: '5k', chip: 'C1', time: GUN + min(20) },
      { point: 'start', chip: 'C2', time: GUN + 4_000 },
      { point: '5k', chip: 'C2', time: GUN + min(22) },
      { point: 'finish', chip: 'C2', time: GUN + min(30) },
      { point: '5k', chip: 'C777', time: GUN + min(24) },
      { point: 'finish', chip: 'C777', time: GUN + min(48) },
    ],
  });
  expect(res.status).toBe(200);
  await finished;
  expect((await subscribe('10k')).runners.map((r) => `${r.bib}:${r.status}`).sort()).toEqual(['1:onCourse', '2:finished', '3:registered', '4:dns']);
});
afterAll(async () => {
  spectator.close();
  await primary.server.close();
});

describe('race control, live', () => {
  it('DNS with a reason reaches the spectators as a delta of that runner, not as a new snapshot', async () => {
    let reloads = 0;
    const reload = () => reloads++;
    spectator.on('event:changed', reload);
    const seen = updated('10k', (r) => r.bib === '3' && r.status === 'dns');
    expect((await api('POST', `${EV}/runners/3/status`, { status: 'dns', reason: 'visa refused' })).status).toBe(200);
    const [update] = await seen;
    expect(update.runners.map((r) => r.bib)).toEqual(['3']);
    expect(update.counters.dns).toBe(2);
    // An acked round trip after the update: an event:changed sent before it would have arrived.
    const row = (await subscribe('10k')).runners.find((r) => r.bib === '3')!;
    spectator.off('event:changed', reload);
    expect(row.status).toBe('dns');
    expect(reloads).toBe(0);
  });

  it('a race added during the event, and a runner moved into it keeps their reads', async () => {
    let seen = changed();
    const added = await api('POST', `${EV}/races`, { id: '5k-fun', name: '5 km fun run', distance: 5000, gunTime: GUN, startId: 'start', finishId: '5k' });
    expect(added.status, added.text).toBe(201);
    await seen;
    expect((await subscribe('5k-fun')).runners).toEqual([]);
    // A move is a delta in both races: gone from one, arrived in the other with its reads.
    const left = nextUpdate(spectator, 'race:update', (u) => u.raceId === '10k' && u.removed.includes('1'));
    const arrived = updated('5k-fun', (r) => r.bib === '1');
    expect((await api('POST', `${EV}/runners/1/move`, { raceId: '5k-fun', reason: 'switched at the start' })).status).toBe(200);
    await Promise.all([left, arrived]);
    const fun = await subscribe('5k-fun');
    expect(fun.runners).toHaveLength(1);
    expect(fun.runners[0]).toMatchObject({ bib: '1', status: 'finished', netTime: min(20) - 3_000 });
    expect((await subscribe('10k')).runners.map((r) => r.bib)).not.toContain('1');
  });

  it('a gun that has gone is not fired again: 409 with its time, then an explicit correction moves every gun time', async () => {
    const before = await (await fetch(`${url}/api/events/test-event`)).json();
    const gunBefore = before.races.find((r: { id: string }) => r.id === 'loop').gunTime;
    expect(gunBefore).toBe(GUN);
    const again = await api('POST', `${EV}/races/loop/gun`, { time: 'now' });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('the gun of loop went at 07:00:00 (UTC); it is not fired again — correct the gun time instead (correct: true)');
    // A dry run says what the correction would do and changes nothing.
    const dry = await api('POST', `${EV}/races/loop/gun`, { time: GUN + min(5), correct: true, dryRun: true });
    expect(dry.body).toEqual({ raceId: 'loop', waveId: null, gunTime: GUN + min(5), before: GUN, dryRun: true });
    expect((await api('GET', `${EV}/setup`)).body.races.find((r: { id: string }) => r.id === 'loop').gunTime).toBe(GUN);

    const seen = changed();
    const fired = await api('POST', `${EV}/races/loop/gun`, { time: GUN + min(5), correct: true, reason: 'gun recorded early' });
    expect(fired.body).toEqual({ raceId: 'loop', waveId: null, gunTime: GUN + min(5), before: GUN, dryRun: false });
    await seen;
    const info = await (await fetch(`${url}/api/events/test-event`)).json();
    expect(info.races.find((r: { id: string }) => r.id === 'loop').gunTime).toBe(GUN + min(5));
    const [entry] = (await api('GET', `${EV}/audit?action=race.gun.correct`)).body.entries;
    expect(entry).toMatchObject({ target: 'loop', reason: 'gun recorded early', before: { gunTime: GUN }, after: { gunTime: GUN + min(5) }, undoable: true, undoneBy: null });
    const now = Date.now();
    const corrected = await api('POST', `${EV}/races/loop/gun`, { time: 'now', correct: true });
    expect(corrected.body.gunTime).toBeGreaterThanOrEqual(now);
    expect(corrected.body.before).toBe(GUN + min(5));
  });

  it('a manual split, then a correction that sets the wrong read aside', async () => {
    const runner = await api('GET', `${EV}/runners/2`);
    const finish = runner.body.reads.find((r: { point: string }) => r.point === 'finish');
    let update = nextUpdate(spectator, 'race:update', (u) => u.raceId === '10k' && u.runners.some((r) => r.bib === '2' && r.netTime === min(40) - 4_000));
    const corrected = await api('POST', `${EV}/runners/2/splits`, { point: 'finish', time: GUN + min(40), reason: 'mat read a spectator holding the bib', replacesRead: finish.seq });
    expect(corrected.status, corrected.text).toBe(201);
    await update;
    const after = await api('GET', `${EV}/runners/2`);
    expect(after.body.reads.find((r: { seq: number }) => r.seq === finish.seq).ignored).toMatchObject({ reason: 'mat read a spectator holding the bib' });
    expect(after.body.reads.at(-1).device).toMatch(/^manual:/);
    // Setting the manual one aside too leaves the runner on course.
    update = nextUpdate(spectator, 'race:update', (u) => u.raceId === '10k' && u.runners.some((r) => r.bib === '2' && r.status === 'onCourse'));
    expect((await api('POST', `${EV}/reads/${corrected.body.read.seq}/ignore`, { reason: 'wrong runner' })).status).toBe(200);
    await update;
    expect((await api('POST', `${EV}/reads/${corrected.body.read.seq}/ignore`, { reason: 'again' })).status).toBe(409);
  });

  it('reads of an unknown chip are assigned to a bib', async () => {
    const unmatched = await api('GET', `${EV}/unmatched`);
    expect(unmatched.body.unmatched).toEqual([{ kind: 'chip', value: 'C777', reads: 2, points: ['5k', 'finish'], first: GUN + min(24), last: GUN + min(48) }]);
    const seen = updated('10k', (r) => r.bib === '4' && r.lastPoint === 'finish');
    expect((await api('POST', `${EV}/unmatched/assign`, { chip: 'C777', bib: '4', reason: 'chip swapped at pick-up' })).status).toBe(200);
    await seen;
    expect((await api('GET', `${EV}/unmatched`)).body.unmatched).toEqual([]);
    expect((await api('GET', `${EV}/runners/4`)).body.runner.splits.map((s: { point: string }) => s.point)).toEqual(['5k', 'finish']);
  });

  it('exports results as CSV a spreadsheet opens: BOM, quoted, formula-safe', async () => {
    await api('POST', `${EV}/entrants/import`, { csv: 'bib,chip,name,gender,race\n9,C9,"=HYPERLINK(""http://x"")",M,10k\n', mode: 'add' });
    await postReads(url, 'test-event', primary.token, { reads: [{ point: 'start', chip: 'C9', time: GUN }, { point: 'finish', chip: 'C9', time: GUN + min(35) }] });
    await api('POST', `${EV}/runners/4/status`, { status: 'registered', reason: 'started after all' });
    const res = await fetch(`${url}${EV}/races/10k/results.csv`, { headers: { cookie: primary.cookie } });
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="?test-event-10k-results.csv"?$/);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.startsWith('\uFEFF"Place","Bib","Name","Gender","Gender place","Age group","Country","5 km","Finish","Gun time","Net time","Status","Reason","Provisional"\r\n')).toBe(true);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[1]).toBe('"1","9","\'=HYPERLINK(""http://x"")","M","1","","","","35:00","35:00","35:00","finished","","provisional"');
    // Bib 9 missed the 5 km mat: provisional until reviewed. Bib 4 (the assigned chip) did not.
    expect(lines[2]).toMatch(/^"2","4","Dara","F","1","18-34","KEN",.*"24:00","48:00","48:00","48:00","finished","",""$/);
    expect(lines.find((l) => l.startsWith('"","3"'))).toMatch(/"DNS","visa refused",""$/);
  });
});

describe('the organizer socket', () => {
  it('refuses a connection without a session', async () => {
    await expect(connectOrganizer(url)).rejects.toThrow(/log in first/);
    await expect(connectOrganizer(url, 'sc_session=forged')).rejects.toThrow(/log in first/);
  });

  it('sends monitoring reports and audit notices to organizers only', async () => {
    const socket = await connectOrganizer(url, primary.cookie);
    const first = await new Promise<MonitoringReport>((resolve, reject) =>
      socket.emit('monitoring:subscribe', { eventId: 'test-event', options: { overdueToleranceSeconds: 60 } }, (res) => (res.ok ? resolve(res.data) : reject(new Error(res.error)))),
    );
    expect(first.mats.map((m) => m.point)).toEqual(['start', '5k', 'finish', 'lap']);
    expect(first.overdue.map((r) => r.bib)).toContain('2');
    // The mat's device and its last contact; manual splits are not the mat's reads.
    const finishMat = first.mats.find((m) => m.point === 'finish')!;
    expect(finishMat.devices.map((d) => d.name)).toEqual(['test mat']);
    expect(finishMat.lastReadTime).toBe(GUN + min(48));
    const next = await new Promise<MonitoringReport>((resolve) => socket.once('monitoring:report', resolve));
    expect(next.at).toBeGreaterThan(first.at);
    const notice = new Promise((resolve) => socket.once('audit:appended', resolve));
    await api('POST', `${EV}/runners/2/status`, { status: 'dnf', reason: 'stopped at 5 km' });
    expect(await notice).toEqual({ eventId: 'test-event', action: 'runner.status', target: '2' });
    // Spectators' connections are in none of the organizer rooms.
    const rooms = [...primary.server.io.of('/').adapter.rooms.keys()];
    expect(rooms.filter((r) => r.startsWith('organizer:'))).toEqual([]);
    socket.close();
  });

  it('closes the socket when the session ends', async () => {
    const cookie = await logIn(url, ADMIN.email, ADMIN.password);
    const socket = await connectOrganizer(url, cookie);
    const closed = new Promise((resolve) => socket.once('disconnect', resolve));
    await call(url, 'POST', '/api/organizer/logout', { cookie });
    expect(await closed).toBe('io server disconnect');
  });
});

describe('after a restart', () => {
  it('keeps set-aside reads out and the set-up as race control left it', async () => {
    const dataDir = primary.dataDir;
    const before = (await api('GET', `${EV}/runners/2`)).body.runner;
    await primary.server.close();
    const again = await startPrimary({ dataDir, config: { MONITOR_INTERVAL_MS: 100 } });
    primary = { ...again, cookie: await logIn(again.server.url, ADMIN.email, ADMIN.password) };
    url = again.server.url;
    const after = (await api('GET', `${EV}/runners/2`)).body.runner;
    expect(after).toEqual(before);
    expect(after.splits.map((s: { point: string }) => s.point)).toEqual(['5k']);
    expect((await api('GET', `${EV}/audit?limit=500`)).body.entries.length).toBeGreaterThan(8);
  });
});
