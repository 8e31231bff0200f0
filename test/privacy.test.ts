// A private entrant is in no public list, search, map, runner page or socket message, not even by
// bib; the counters still count them; organizers see everything; privacy switched in the console
// takes a runner out of every spectator view at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUN, min } from './fixtures';
import { call, startWithOrganizer } from './organizer-helpers';
import { connectSocket, nextUpdate, postReads, type TestPrimary, type TestSocket } from './support/servers';
import type { RaceSnapshot } from '../shared/views';

let primary: TestPrimary & { cookie: string };
let url: string;
let socket: TestSocket;
const frames: string[] = [];

const subscribe = async (raceId: string): Promise<RaceSnapshot> => {
  const res = await socket.emitWithAck('race:subscribe', { eventId: 'test-event', raceId });
  if (!res.ok) throw new Error(res.error);
  return res.data;
};
/** Every public HTTP answer about the event and a bib, as text. */
async function publicAnswers(bib: string, name: string, raceId: string): Promise<{ text: string; runnerStatus: number }> {
  const texts: string[] = [];
  let runnerStatus = 0;
  for (const path of [
    '/api/events',
    '/api/events/test-event',
    `/api/events/test-event/races/${raceId}/leaderboard?limit=200`,
    `/api/events/test-event/runners/${bib}`,
    `/api/events/test-event/search?q=${encodeURIComponent(name)}`,
    `/api/events/test-event/search?q=${encodeURIComponent(name.slice(0, 2))}`,
    `/api/events/test-event/search?q=${bib}`,
    '/api/events/test-event/positions',
  ]) {
    const res = await fetch(`${url}${path}`);
    if (path.endsWith(`/runners/${bib}`)) runnerStatus = res.status;
    else expect(res.status, path).toBe(200);
    texts.push(await res.text());
  }
  return { text: texts.join('\n'), runnerStatus };
}

beforeAll(async () => {
  primary = await startWithOrganizer();
  url = primary.server.url;
  socket = await connectSocket(url, { wholeRace: true });
  socket.onAny((event, ...args) => frames.push(JSON.stringify([event, args])));
});
afterAll(async () => {
  socket.close();
  await primary.server.close();
});

describe('a private entrant', () => {
  it('is in no snapshot, delta or followed list, while the counters count them', async () => {
    const snapshot = await subscribe('loop');
    expect(snapshot.runners).toEqual([]);
    expect(snapshot.counters.registered).toBe(1);
    const followed = await socket.emitWithAck('runners:follow', { eventId: 'test-event', bibs: ['5'] });
    expect(followed).toEqual({ ok: true, data: [] });

    const counted = nextUpdate(socket, 'race:update', (u) => u.raceId === 'loop' && u.counters.onCourse === 1);
    const res = await postReads(url, 'test-event', primary.token, { reads: [{ point: 'lap', chip: 'C5', time: GUN }, { point: 'lap', chip: 'C5', time: GUN + min(4) }] });
    expect(res.status).toBe(200);
    const [update] = await counted;
    expect(update.runners).toEqual([]);
    expect(update.counters).toMatchObject({ registered: 1, started: 1, onCourse: 1 });

    const sent = [JSON.stringify(snapshot), ...frames].join('\n');
    expect(sent).not.toContain('"bib":"5"');
    expect(sent).not.toContain('Eli');
  });

  it('is in no public answer, not even by bib, and the runner page says there is no such runner', async () => {
    const { text, runnerStatus } = await publicAnswers('5', 'Eli', 'loop');
    expect(runnerStatus).toBe(404);
    expect(text).not.toContain('"bib":"5"');
    expect(text).not.toContain('Eli');
    // Yet the event's answers are real: a public runner is there.
    expect((await publicAnswers('1', 'Ana', '10k')).text).toContain('"bib":"1"');
  });

  it('is seen whole by the organizers', async () => {
    const view = await call(url, 'GET', '/api/organizer/events/test-event/runners/5', { cookie: primary.cookie });
    expect(view.status).toBe(200);
    expect(view.body.runner).toMatchObject({ bib: '5', name: 'Eli', status: 'onCourse', laps: 1 });
  });
});

describe('privacy switched in the console', () => {
  it('takes a runner out of every spectator view at once, and brings them back', async () => {
    const before = await subscribe('10k');
    expect(before.runners.map((r) => r.bib)).toContain('1');
    const changed = nextUpdate(socket, 'event:changed', (e) => e.eventId === 'test-event');
    const res = await call(url, 'POST', '/api/organizer/events/test-event/runners/1/privacy', { cookie: primary.cookie, body: { private: true, reason: 'asked by the runner' } });
    expect(res.status, res.text).toBe(200);
    await changed;
    const after = await subscribe('10k');
    expect(after.runners.map((r) => r.bib)).not.toContain('1');
    expect(after.counters.registered).toBe(before.counters.registered);
    const { text, runnerStatus } = await publicAnswers('1', 'Ana', '10k');
    expect(runnerStatus).toBe(404);
    expect(text).not.toContain('"bib":"1"');

    await call(url, 'POST', '/api/organizer/events/test-event/runners/1/privacy', { cookie: primary.cookie, body: { private: false, reason: 'changed their mind' } });
    expect((await subscribe('10k')).runners.map((r) => r.bib)).toContain('1');
  });
});
