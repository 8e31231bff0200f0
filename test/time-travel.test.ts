import { describe, expect, it } from 'vitest';
import { EventEngine } from '../shared/engine/event-engine';
import { Timeline, type TimedRead } from '../shared/engine/time-travel';
import type { StoredRead } from '../shared/reads';
import type { LeaderboardEntry } from '../shared/views';
import { marathonEvent } from '../bench/support/marathon';
import { planReads } from '../server/simulator/plan';
import { chipRead as read, GUN, min, OVERTAKE_READS, smallEvent } from './fixtures';

const timed = (engine: EventEngine, bibs: string[]): TimedRead[] =>
  bibs.flatMap((bib) => engine.readsOf(bib).map((r) => ({ bib, point: r.point, time: engine.correctedTime(r), seq: r.seq })));

// Ben leads at 5 km, Ana passes him before the finish.
const reads = OVERTAKE_READS.map((r) => read(r.point, r.chip, r.time));

describe('time travel: the race as it was at T', () => {
  const setup = smallEvent();
  const engine = new EventEngine(setup);
  for (const r of reads) engine.applyRead(r);
  const timeline = Timeline.build(setup, timed(engine, setup.entrants.map((e) => e.bib)));

  it('orders the race by the reads up to T, before and after the change', () => {
    const at25 = timeline.leaderboardAt('10k', GUN + min(25))!;
    expect(at25.entries.slice(0, 2).map((e) => [e.bib, e.status, e.lastPoint])).toEqual([
      ['2', 'onCourse', '5k'],
      ['1', 'onCourse', '5k'],
    ]);
    expect(at25.counters).toMatchObject({ registered: 4, started: 2, onCourse: 2, finished: 0, dns: 1 });
    const at40 = timeline.leaderboardAt('10k', GUN + min(40))!;
    expect(at40.entries.slice(0, 2).map((e) => [e.bib, e.status, e.places?.overall])).toEqual([
      ['1', 'finished', 1],
      ['2', 'onCourse', 2],
    ]);
    const after = timeline.leaderboardAt('10k', GUN + min(60))!;
    expect(after.entries.slice(0, 2).map((e) => [e.bib, e.netTime])).toEqual([
      ['1', min(39) - 1_000],
      ['2', min(41) - 1_000],
    ]);
    expect(after.counters).toMatchObject({ finished: 2, onCourse: 0 });
  });

  it('answers a runner with only the reads up to T', () => {
    expect(timeline.runnerAt('1', GUN + min(25))).toMatchObject({ status: 'onCourse', lastPoint: '5k', netTime: null });
    expect(timeline.runnerAt('1', GUN + min(25))!.splits.map((s) => s.point)).toEqual(['5k']);
    expect(timeline.runnerAt('1', GUN - 1)).toMatchObject({ status: 'registered', splits: [] });
    expect(timeline.runnerAt('nobody', GUN)).toBeUndefined();
  });

  it('spans from the first gun to the last read', () => {
    expect([timeline.from, timeline.to]).toEqual([GUN, GUN + min(41)]);
  });
});

describe('time travel agrees with an engine fed the reads timed up to T', () => {
  const setup = marathonEvent(200);
  const planned = planReads(setup, { seed: 3 });
  const stored: StoredRead[] = planned.map((r, i) => ({ seq: i + 1, point: r.point, chip: r.chip, bib: null, time: r.time, device: null }));
  const live = new EventEngine(setup);
  for (const r of stored) live.applyRead(r);
  const timeline = Timeline.build(setup, timed(live, setup.entrants.map((e) => e.bib)));
  const byTime = [...stored].sort((a, b) => a.time - b.time || a.seq - b.seq);

  it.each([0.1, 0.35, 0.6, 0.9, 1.01])('at %s of the race: same standings, projections and runners', (share) => {
    const at = Math.round(timeline.from! + (timeline.to! - timeline.from!) * share);
    const reference = new EventEngine(setup);
    for (const r of byTime) if (r.time <= at) reference.applyRead(r);
    const rows = (board: { total: number; entries: LeaderboardEntry[] }) => ({
      total: board.total,
      entries: board.entries.map(({ splits: _s, waveId: _w, ...row }: LeaderboardEntry & { splits?: unknown; waveId?: unknown }) => row),
    });
    const expected = rows(reference.leaderboard('marathon'));
    const got = timeline.leaderboardAt('marathon', at)!;
    expect(got.total).toBe(expected.total);
    expect(got.entries).toEqual(expected.entries);
    expect(got.counters).toEqual(reference.counters('marathon'));
    expect(timeline.leaderboardAt('marathon', at, { gender: 'F' }, 5, 10)).toEqual({
      ...rows(reference.leaderboard('marathon', { gender: 'F' }, 5, 10)),
      counters: reference.counters('marathon'),
    });
    for (const bib of ['1', '150', '200']) expect(timeline.runnerAt(bib, at)).toEqual(reference.runner(bib));
  });
});
