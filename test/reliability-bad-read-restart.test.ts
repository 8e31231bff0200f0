// A read an older version stored though it lies far outside the event (at the end of time, in
// 2106, at the lap mat of a loop runner) must not keep the primary from starting: it is set aside,
// logged and shown in Monitoring, and the server serves. The reads are written with the real
// storage code, as that version would have; the server runs in its own process with a small heap.
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../server/storage/database';
import { ReadLog } from '../server/storage/read-log';
import { ReadCorrections } from '../server/storage/read-corrections';
import { GUN, min, smallEvent } from './fixtures';
import { ADMIN, call, logIn } from './organizer-helpers';
import { freePort, startChildServer, type ChildServer } from './support/child-server';
import { startPrimary, tempDataDir, type TestPrimary } from './support/servers';

const TOKEN = 'bad-read-restart-device-token';
let child: ChildServer | null = null;
let inProcess: TestPrimary | null = null;
afterAll(async () => {
  await child?.kill();
  await inProcess?.server.close();
});

describe('a primary with an impossible read already in its log', () => {
  it('starts, sets the read aside, and serves health and the leaderboards', async () => {
    const event = smallEvent();
    const port = await freePort();
    const dataDir = tempDataDir();
    const start = () =>
      startChildServer({ port, dataDir, event, token: TOKEN, env: { CHILD_LOG_LEVEL: 'info', SNAPSHOT_MS: '100', NODE_OPTIONS: '--max-old-space-size=384' } });
    child = await start();
    await child.kill('SIGTERM');

    const db = openDatabase(dataDir);
    new ReadLog(db).append(
      'test-event',
      [
        { key: 'ok-1', point: 'lap', chip: 'C5', bib: null, time: GUN + min(4), device: null },
        { key: 'ok-2', point: 'lap', chip: 'C5', bib: null, time: GUN + min(8), device: null },
        { key: 'end-of-time', point: 'lap', chip: 'C5', bib: null, time: 8.64e15, device: null },
        { key: 'in-2106', point: 'lap', chip: 'C5', bib: null, time: Date.UTC(2106, 0, 1), device: null },
        { key: 'ok-3', point: 'finish', chip: 'C1', bib: null, time: GUN + min(40), device: null },
      ],
      Date.now(),
    );
    db.close();

    child = await start();
    expect(child.startup).toContain('stored read set aside');
    expect(child.startup).toContain("read time 2106-01-01T00:00:00Z is outside the event's window 2026-04-16T00:00Z – 2026-04-19T00:00Z");
    expect((await fetch(`${child.url}/api/health`)).status).toBe(200);
    const loop = await fetch(`${child.url}/api/events/test-event/races/loop/leaderboard`);
    expect(loop.status).toBe(200);
    const board = await fetch(`${child.url}/api/events/test-event/races/10k/leaderboard`);
    expect(board.status).toBe(200);
    expect((await board.json()).entries.find((e: { bib: string }) => e.bib === '1')).toMatchObject({ status: 'finished', netTime: min(40) });
    await child.kill('SIGTERM');
    child = null;

    // Set aside for good, by the server, with the reason.
    const check = openDatabase(dataDir);
    const setAside = new ReadCorrections(check).setAsideByServer('test-event', 10);
    check.close();
    expect(setAside.total).toBe(2);
    expect(setAside.recent.map((r) => r.reason)).toEqual([
      "read time 2106-01-01T00:00:00Z is outside the event's window 2026-04-16T00:00Z – 2026-04-19T00:00Z",
      "read time +275760-09-13T00:00:00Z is outside the event's window 2026-04-16T00:00Z – 2026-04-19T00:00Z",
    ]);

    // Started again (from its snapshot, which holds the reads as set aside): organizers see them in Monitoring.
    inProcess = await startPrimary({ dataDir, config: { ORGANIZER_EMAIL: ADMIN.email, ORGANIZER_PASSWORD: ADMIN.password } });
    expect((await fetch(`${inProcess.server.url}/api/health`)).status).toBe(200);
    expect(inProcess.server.primary!.runtime.rebuilds).toMatchObject([{ eventId: 'test-event', from: 'snapshot', reads: 0 }]);
    const cookie = await logIn(inProcess.server.url, ADMIN.email, ADMIN.password);
    const report = await call(inProcess.server.url, 'GET', '/api/organizer/events/test-event/monitoring', { cookie });
    expect(report.status).toBe(200);
    expect(report.body.setAsideReads.total).toBe(2);
    expect(report.body.setAsideReads.recent[0].reason).toContain('outside the event');
    // The loop runner keeps the laps that were really run.
    const eli = await call(inProcess.server.url, 'GET', '/api/organizer/events/test-event/runners/5', { cookie });
    expect(eli.body.runner.laps).toBe(2);
    expect(eli.body.reads.filter((r: { ignored: unknown }) => r.ignored !== null)).toHaveLength(2);
  });
});
