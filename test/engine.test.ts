import { describe, expect, it } from 'vitest';
import { EventEngine } from '../shared/engine/event-engine';
import type { StoredRead } from '../shared/reads';
import { chipRead as read, GUN, min, smallEvent } from './fixtures';


function engineWith(reads: StoredRead[]) {
  const engine = new EventEngine(smallEvent());
  for (const r of reads) engine.applyRead(r);
  return engine;
}

const raceReads = [
  read('start', 'C1', GUN + 20_000),
  read('5k', 'C1', GUN + min(20)),
  read('finish', 'C1', GUN + min(41)),
  read('start', 'C2', GUN + 5_000),
  read('5k', 'C2', GUN + min(19)),
  read('finish', 'C2', GUN + min(40) + 30_000),
  read('start', 'C3', GUN + 60_000),
  read('5k', 'C3', GUN + min(22)),
];

describe('race engine: splits, times and status', () => {
  const engine = engineWith(raceReads);
  it.each([
    // bib, status, net ms, gun ms
    ['1', 'finished', min(41) - 20_000, min(41)],
    ['2', 'finished', min(40) + 25_000, min(40) + 30_000],
    ['3', 'onCourse', null, null],
    ['4', 'dns', null, null],
  ])('runner %s is %s with net %s and gun %s', (bib, status, net, gun) => {
    const r = engine.runner(bib)!;
    expect(r.status).toBe(status);
    expect(r.netTime).toBe(net);
    expect(r.gunTime).toBe(gun);
  });

  it('keeps segment pace per split', () => {
    const r = engine.runner('1')!;
    expect(r.splits.map((s) => s.point)).toEqual(['5k', 'finish']);
    // 5 km in 19:40 net = 236 s/km
    expect(r.splits[0].segmentPace).toBeCloseTo((min(20) - 20_000) / 1000 / 5, 5);
    expect(r.splits[1].segmentPace).toBeCloseTo(min(21) / 1000 / 5, 5);
  });

  it('ranks finishers by net time, then runners on course, then DNS', () => {
    const board = engine.leaderboard('10k');
    expect(board.entries.map((e) => e.bib)).toEqual(['2', '1', '3', '4']);
    expect(board.entries.map((e) => e.places?.overall ?? null)).toEqual([1, 2, 3, null]);
  });

  it('filters by gender, age group and country with places within the filter', () => {
    expect(engine.leaderboard('10k', { gender: 'F' }).entries.map((e) => [e.bib, e.places?.gender])).toEqual([
      ['1', 1],
      ['3', 2],
      ['4', undefined],
    ]);
    expect(engine.leaderboard('10k', { ageGroup: '35-39' }).entries.map((e) => e.bib)).toEqual(['3']);
    expect(engine.leaderboard('10k', { country: 'DEU' }).entries.map((e) => e.bib)).toEqual(['2']);
  });

  it('counts registered, started, on course, finished and DNS', () => {
    expect(engine.counters('10k')).toEqual({ registered: 4, started: 3, onCourse: 1, finished: 2, dnf: 0, dns: 1, dq: 0 });
  });

  it('ranks by position on course: furthest first, then who got there first', () => {
    const e = engineWith([read('start', 'C1', GUN), read('start', 'C2', GUN), read('5k', 'C2', GUN + min(25)), read('5k', 'C1', GUN + min(24))]);
    e.applyRead(read('start', 'C3', GUN));
    expect(e.standings('10k').map((r) => r.bib)).toEqual(['1', '2', '3', '4']);
  });
});

describe('race engine: order and duplicates do not matter', () => {
  const final = (engine: EventEngine) => JSON.stringify(engine.leaderboard('10k').entries);
  const reference = final(engineWith(raceReads));

  it.each([
    ['reversed', [...raceReads].reverse()],
    ['shuffled', [raceReads[4], raceReads[0], raceReads[7], raceReads[2], raceReads[6], raceReads[1], raceReads[5], raceReads[3]]],
    ['every read twice', [...raceReads, ...raceReads]],
  ])('%s gives the same leaderboard', (_name, reads) => {
    expect(final(engineWith(reads))).toBe(reference);
  });

  it('a late earlier read at a mat wins over the first one that arrived (first read counts)', () => {
    const e = engineWith([read('start', 'C1', GUN), read('finish', 'C1', GUN + min(41))]);
    e.applyRead(read('finish', 'C1', GUN + min(40)));
    expect(e.runner('1')!.netTime).toBe(min(40));
  });
});

describe('race engine: loop laps', () => {
  const lap = (t: number) => read('lap', 'C5', GUN + t);
  it.each([
    ['three clean laps finish the race', [lap(3_000), lap(min(3)), lap(min(6)), lap(min(9))], 3, 'finished', min(9)],
    ['the start crossing is not a lap', [lap(2_000), lap(min(3))], 1, 'onCourse', null],
    ['reads within the lap mat window are one passing', [lap(min(3)), lap(min(3) + 20_000), lap(min(3) + 50_000)], 1, 'onCourse', null],
    ['crossings after the last lap are ignored', [lap(min(3)), lap(min(6)), lap(min(9)), lap(min(12))], 3, 'finished', min(9)],
  ])('%s', (_name, reads, laps, status, net) => {
    const e = engineWith(reads);
    const r = e.runner('5')!;
    expect(r.laps).toBe(laps);
    expect(r.status).toBe(status);
    expect(r.netTime).toBe(net);
  });
});

describe('race engine: set-up changes', () => {
  it('moving a runner to another race keeps their reads and reports the move', () => {
    const e = engineWith(raceReads);
    e.takeChanges();
    const setup = e.event;
    e.replaceSetup({ ...setup, entrants: setup.entrants.map((x) => (x.bib === '3' ? { ...x, raceId: 'loop' } : x)) });
    const changes = e.takeChanges();
    expect(changes.find((c) => c.raceId === '10k')!.removed).toEqual(['3']);
    expect(changes.find((c) => c.raceId === 'loop')!.runners.map((r) => r.bib)).toEqual(['3']);
    e.replaceSetup(setup);
    expect(e.runner('3')!.splits.map((s) => s.point)).toEqual(['5k']);
  });

  it('reads of an unknown chip are kept and scored once an entrant gets that chip', () => {
    const e = engineWith([read('start', 'NEW', GUN), read('5k', 'NEW', GUN + min(20))]);
    expect(e.unmatchedReads().size).toBe(1);
    const setup = e.event;
    e.replaceSetup({ ...setup, entrants: setup.entrants.map((x) => (x.bib === '3' ? { ...x, chip: 'NEW' } : x)) });
    expect(e.runner('3')!.lastPoint).toBe('5k');
    expect(e.unmatchedReads().size).toBe(0);
  });

  it('DNF set by race control overrides what the reads say', () => {
    const e = engineWith(raceReads);
    const setup = e.event;
    e.replaceSetup({ ...setup, entrants: setup.entrants.map((x) => (x.bib === '3' ? { ...x, status: 'dnf' as const } : x)) });
    expect(e.runner('3')!.status).toBe('dnf');
    expect(e.counters('10k').dnf).toBe(1);
  });
});

describe('places at each mat', () => {
  it('ranks a runner at every split among those who reached that mat', async () => {
    const { placesAtSplits } = await import('../shared/board/split-places');
    const e = engineWith(raceReads);
    const field = e.standings('10k');
    // At 5 km: Ben 19:00 gun-5 s net, Ana 19:40, Cyra 21:00. At the finish Ben is ahead of Ana too.
    expect(placesAtSplits(e.runner('1')!, field)).toEqual([2, 2]);
    expect(placesAtSplits(e.runner('2')!, field)).toEqual([1, 1]);
    expect(placesAtSplits(e.runner('3')!, field)).toEqual([3]);
  });
});
