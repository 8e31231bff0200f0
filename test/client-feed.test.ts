// The live hooks' one subscription primitive (client/src/live/feed.ts) against a real server: a
// snapshot, the updates after it, a gap asks again, and a subscription held twice is released once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hold, runFeed, type FeedSpec } from '../client/src/live/feed';
import { applyUpdate, fromSnapshot, type RaceState } from '../client/src/live/race-state';
import type { RaceSnapshot } from '../shared/views';
import { GUN, min } from './fixtures';
import { connectSocket, postReads, startPrimary, type TestPrimary, type TestSocket } from './support/servers';

let p: TestPrimary;
let socket: TestSocket;

beforeAll(async () => {
  p = await startPrimary();
  socket = await connectSocket(p.server.url, { wholeRace: true });
});

afterAll(async () => {
  socket.close();
  await p.server.close();
});

/** A race feed as useRace runs it; `drop` skips updates (as a lost message would) to make a gap. */
function raceFeed(drop: (seq: number) => boolean) {
  const asked: number[] = [];
  let state: RaceState | null = null;
  const spec: FeedSpec<RaceSnapshot> = {
    ask: (reply) => socket.emit('race:subscribe', { eventId: 'test-event', raceId: '10k' }, (res) => {
      if (res.ok) asked.push(res.data.seq);
      reply(res);
    }),
    take: (snapshot) => {
      state = fromSnapshot(snapshot);
      return true;
    },
    listen: (deliver) => {
      const onUpdate: Parameters<typeof socket.on<'race:update'>>[1] = (update) => {
        if (update.raceId !== '10k' || drop(update.seq)) return;
        deliver(() => applyUpdate(state!, update, Date.now()));
      };
      socket.on('race:update', onUpdate);
      return () => socket.off('race:update', onUpdate);
    },
  };
  return { spec, asked, state: () => state };
}

/** Resolves once `check` holds after a change of the feed. */
function changedUntil(check: () => boolean): { changed: () => void; done: Promise<void> } {
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  return { changed: () => void (check() && resolve()), done };
}

describe('a live feed', () => {
  it('takes the snapshot, applies the updates in sequence, and asks again after a gap', async () => {
    let firstSeq: number | null = null;
    const feed = raceFeed((seq) => firstSeq !== null && seq === firstSeq + 1);
    const errors: (string | null)[] = [];
    const until = changedUntil(() => feed.state()?.rows.get('3')?.status === 'finished');
    const stop = runFeed(feed.spec, () => socket.connected, { changed: until.changed, error: (e) => errors.push(e) });
    await expect.poll(() => feed.asked.length).toBe(1);
    firstSeq = feed.asked[0];

    // Three publications: the first is dropped on the way, so the second is a gap and the feed asks again.
    for (const [point, minutes] of [['start', 0], ['5k', 20], ['finish', 41]] as const) {
      expect((await postReads(p.server.url, 'test-event', p.token, { reads: [{ point, chip: 'C3', time: GUN + min(minutes) + 1_000 }] })).status).toBe(200);
      await expect.poll(() => p.server.primary!.runtime.runner('test-event', '3')!.lastPoint).toBe(point);
    }
    await until.done;
    stop();
    expect(feed.asked.length).toBeGreaterThan(1);
    expect(feed.state()!.rows.get('3')!.netTime).toBe(min(41));
    expect(errors.filter((e) => e !== null)).toEqual([]);
  });

  it('shows the server refusal as the error and takes nothing', async () => {
    const errors: (string | null)[] = [];
    let taken = false;
    const stop = runFeed<RaceSnapshot>(
      {
        ask: (reply) => socket.emit('race:subscribe', { eventId: 'test-event', raceId: 'no-such-race' }, reply),
        take: () => (taken = true),
        listen: () => () => {},
      },
      () => socket.connected,
      { changed: () => {}, error: (e) => errors.push(e) },
    );
    await expect.poll(() => errors.length).toBe(1);
    stop();
    expect(errors[0]).toMatch(/no-such-race/);
    expect(taken).toBe(false);
  });
});

describe('a refused feed', () => {
  it('asks again when the refusal says when, and takes the snapshot then', async () => {
    const answers = [{ ok: false as const, error: 'too many requests from your address; slow down', retryAfterMs: 30 }, { ok: true as const, data: 'snapshot' }];
    let asked = 0;
    const errors: (string | null)[] = [];
    let taken: string | null = null;
    const spec: FeedSpec<string> = {
      ask: (reply) => reply(answers[Math.min(asked++, answers.length - 1)]),
      take: (snapshot) => ((taken = snapshot), true),
      listen: () => () => {},
    };
    let changed!: () => void;
    const done = new Promise<void>((resolve) => (changed = resolve));
    const stop = runFeed(spec, () => true, { changed, error: (e) => errors.push(e) });
    await done;
    stop();
    expect(asked).toBe(2);
    expect(taken).toBe('snapshot');
    expect(errors).toEqual(['too many requests from your address; slow down', null]);
  });

  it('does not ask again after a refusal that says nothing of later, nor once stopped', async () => {
    let asked = 0;
    const spec: FeedSpec<string> = { ask: (reply) => (asked++, reply({ ok: false, error: 'no race "x"' })), take: () => true, listen: () => () => {} };
    const stop = runFeed(spec, () => true, { changed: () => {}, error: () => {} });
    const later: FeedSpec<string> = { ask: (reply) => (asked++, reply({ ok: false, error: 'slow down', retryAfterMs: 10 })), take: () => true, listen: () => () => {} };
    const stopLater = runFeed(later, () => true, { changed: () => {}, error: () => {} });
    stopLater();
    // Past both feeds' retry time: a third ask would have come by now.
    await new Promise((r) => setTimeout(r, 50));
    stop();
    expect(asked).toBe(2);
  });
});

describe('holds', () => {
  it('releases a subscription once, when the last of its holders lets go', () => {
    const holds = new Map<string, number>();
    const released: string[] = [];
    const a = hold(holds, 'race:e/r', () => released.push('race:e/r'));
    const b = hold(holds, 'race:e/r', () => released.push('race:e/r'));
    a();
    a();
    expect(released).toEqual([]);
    b();
    expect(released).toEqual(['race:e/r']);
    expect(holds.size).toBe(0);
  });
});
