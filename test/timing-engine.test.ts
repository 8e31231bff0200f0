// Data quality in the pure engine: device clocks, waves, lap inference, plausibility and windows.
import { describe, expect, it } from 'vitest';
import { eventSetupSchema, type EventSetup } from '../shared/domain';
import { EventEngine } from '../shared/engine/event-engine';
import { withInferredLaps } from '../shared/engine/lap-inference';
import { implausiblePace, recordPace } from '../shared/engine/pace-check';
import { chipRead as read, GUN, min, smallEvent, trackRace } from './fixtures';


/** The small event with a second wave and a 400 m, 10-lap track race. */
function timingEvent(): EventSetup {
  const base = smallEvent();
  return eventSetupSchema.parse({
    ...base,
    races: [
      { ...base.races[0], waves: [{ id: 'w2', name: 'Wave 2', gunTime: GUN + min(10) }], cutoffSeconds: 3 * 3600 },
      base.races[1],
      trackRace(),
    ],
    entrants: [
      ...base.entrants,
      { bib: '6', chip: 'C6', name: 'Fara', gender: 'F', age: 33, raceId: '10k', waveId: 'w2' },
      { bib: '7', chip: 'C7', name: 'Gol', gender: 'F', age: 29, raceId: 'track' },
      { bib: '8', chip: 'C8', name: 'Hadi', gender: 'M', age: 31, raceId: 'track' },
    ],
  });
}

describe('device clock offsets', () => {
  it('corrects a device that runs behind, for reads already applied and later ones', () => {
    const engine = new EventEngine(timingEvent());
    engine.applyRead(read('start', 'C1', GUN + 20_000, 'mat-start'));
    engine.applyRead(read('finish', 'C1', GUN + min(41) - 30_000, 'mat-finish')); // the finish clock is 30 s slow
    expect(engine.runner('1')!.netTime).toBe(min(41) - 50_000);
    engine.setClockOffset('mat-finish', 30_000);
    expect(engine.runner('1')!.netTime).toBe(min(41) - 20_000);
    expect(engine.runner('1')!.gunTime).toBe(min(41));
    engine.applyRead(read('5k', 'C1', GUN + min(20) - 30_000, 'mat-finish'));
    expect(engine.runner('1')!.splits.find((s) => s.point === '5k')!.net).toBe(min(20) - 20_000);
    engine.setClockOffset('mat-finish', 0);
    expect(engine.runner('1')!.netTime).toBe(min(41) - 50_000);
  });

  it('applies to unmatched reads once their chip is assigned', () => {
    const setup = timingEvent();
    const engine = new EventEngine(setup);
    engine.setClockOffset('mat-finish', -2_000);
    engine.applyRead(read('finish', 'C99', GUN + min(50), 'mat-finish'));
    engine.replaceSetup({ ...setup, entrants: setup.entrants.map((e) => (e.bib === '3' ? { ...e, chip: 'C99' } : e)) });
    expect(engine.runner('3')!.gunTime).toBe(min(50) - 2_000);
  });
});

describe('gun per race and wave, net from the start mat', () => {
  it('times a wave runner from the wave gun without a start read, and from the mat with one', () => {
    const setup = timingEvent();
    const engine = new EventEngine(setup);
    engine.applyRead(read('finish', 'C6', GUN + min(55)));
    expect(engine.runner('6')!.gunTime).toBe(min(45));
    expect(engine.runner('6')!.netTime).toBe(min(45));
    engine.applyRead(read('start', 'C6', GUN + min(10) + 40_000));
    expect(engine.runner('6')!.netTime).toBe(min(45) - 40_000);
    expect(engine.runner('6')!.gunTime).toBe(min(45));
  });

  it('moves gun times when race control changes the wave gun', () => {
    const setup = timingEvent();
    const engine = new EventEngine(setup);
    engine.applyRead(read('finish', 'C6', GUN + min(55)));
    const later = { ...setup, races: setup.races.map((r) => (r.id === '10k' ? { ...r, waves: [{ ...r.waves[0], gunTime: GUN + min(12) }] } : r)) };
    engine.replaceSetup(later);
    expect(engine.runner('6')!.gunTime).toBe(min(43));
    expect(engine.runner('6')!.netTime).toBe(min(43));
  });
});

describe('reads outside the race', () => {
  it('flags and does not score a read before the gun or after the cut-off', () => {
    const engine = new EventEngine(timingEvent());
    engine.applyRead(read('5k', 'C2', GUN - min(5)));
    engine.applyRead(read('finish', 'C2', GUN + 3 * 3_600_000 + 1_000));
    const r = engine.runner('2')!;
    expect(r.splits).toEqual([]);
    expect(r.status).toBe('registered');
    expect(r.flags).toEqual(['read before the start at 5 km', 'read after the cut-off at Finish']);
  });
});

describe('pace plausibility', () => {
  it('knows record paces between the listed distances', () => {
    expect(recordPace(5000)).toBeCloseTo(151.1);
    expect(recordPace(7000)).toBeGreaterThan(151.1);
    expect(recordPace(7000)).toBeLessThan(157.1);
  });

  it('flags a segment faster than the world record, with the reason', () => {
    const engine = new EventEngine(timingEvent());
    engine.applyRead(read('start', 'C1', GUN));
    engine.applyRead(read('5k', 'C1', GUN + min(11))); // 2:12/km over 5 km
    expect(engine.runner('1')!.flags).toEqual([
      'impossible pace before 5 km: 2:12/km over 5 km is faster than the world record pace (2:31/km)',
    ]);
  });

  it('flags a segment slower than the cut-off allows, and not a plausible one', () => {
    expect(implausiblePace({ metres: 5000, pace: 1200, to: '5 km', cutoffPace: 1080 })).toBe(
      'pace before 5 km too slow for the cut-off: 20:00/km over 5 km, the cut-off needs 18:00/km',
    );
    expect(implausiblePace({ metres: 5000, pace: 300, to: '5 km', cutoffPace: 1080 })).toBeNull();
    expect(implausiblePace({ metres: 300, pace: 60, to: 'x' })).toBeNull();
  });
});

describe('duplicate window per timing point', () => {
  it('keeps the first read at the finish and merges lap-mat reads within the longer window', () => {
    const engine = new EventEngine(timingEvent());
    engine.applyRead(read('finish', 'C2', GUN + min(40)));
    engine.applyRead(read('finish', 'C2', GUN + min(40) + 10_000));
    expect(engine.runner('2')!.gunTime).toBe(min(40));
    // Loop race: lap mat window 60 s; two reads 45 s apart are one passing.
    engine.applyRead(read('lap', 'C5', GUN + min(3)));
    engine.applyRead(read('lap', 'C5', GUN + min(3) + 45_000));
    engine.applyRead(read('lap', 'C5', GUN + min(6)));
    expect(engine.runner('5')!.laps).toBe(2);
  });
});

describe('lap inference on a short loop', () => {
  const lap = 80_000;
  const lapsOf = (chip: string, missing: number[], laps = 10) =>
    Array.from({ length: laps }, (_, i) => i + 1)
      .filter((n) => !missing.includes(n))
      .map((n) => read('line', chip, GUN + n * lap + (chip === 'C8' ? 2_000 * n : 0)));

  it('infers a missed lap from the lap times and marks it', () => {
    const engine = new EventEngine(timingEvent());
    for (const r of lapsOf('C7', [4], 7)) engine.applyRead(r);
    const r = engine.runner('7')!;
    expect(r.laps).toBe(7);
    expect(r.splits[3]).toMatchObject({ lap: 4, inferred: true, time: GUN + 4 * lap });
    expect(r.splits[4]).toMatchObject({ lap: 5, time: GUN + 5 * lap });
    expect(r.splits[4].inferred).toBeUndefined();
    expect(r.flags).toEqual(['lap 4 inferred: no read at Line']);
  });

  it('keeps the lap leaderboard right and finishes the runner on the real last lap', () => {
    const engine = new EventEngine(timingEvent());
    for (const r of [...lapsOf('C7', [3, 6]), ...lapsOf('C8', [])]) engine.applyRead(r);
    const gol = engine.runner('7')!;
    expect(gol.status).toBe('finished');
    expect(gol.netTime).toBe(10 * lap);
    expect(engine.standings('track').map((x) => x.bib)).toEqual(['7', '8']);
    expect(engine.leaderboard('track').entries[0].places?.overall).toBe(1);
  });

  it('does not invent laps from a slow lap or from too few laps', () => {
    expect(withInferredLaps(0, [80, 160, 280, 360], 10).every((p) => !p.inferred)).toBe(true);
    expect(withInferredLaps(null, [80], 10)).toEqual([{ time: 80, inferred: false }]);
    expect(withInferredLaps(0, [80, 240], 10).map((p) => p.inferred)).toEqual([false, true, false]);
    // More passings than the race has laps: the reads disagree with the set-up, nothing is inferred.
    expect(withInferredLaps(0, [80, 240, 320], 3).length).toBe(3);
  });

  it('allocates nothing beyond the race\'s laps for a read at the end of time', () => {
    // 8.64e15 ms after a 80 s lap is about 1e11 laps: counted, never allocated.
    expect(withInferredLaps(0, [80, 160, 8.64e15], 10)).toEqual([80, 160, 8.64e15].map((time) => ({ time, inferred: false })));
    expect(withInferredLaps(null, [80, 160, 240, 4_294_967_296_000], 10).every((p) => !p.inferred)).toBe(true);
    const engine = new EventEngine(timingEvent());
    for (const r of lapsOf('C7', [], 3)) engine.applyRead(r);
    const started = performance.now();
    engine.applyRead(read('line', 'C7', 8.64e15));
    engine.applyRead(read('line', 'C7', Date.UTC(2106, 0, 1)));
    expect(performance.now() - started).toBeLessThan(1_000);
    const gol = engine.runner('7')!;
    expect(gol.laps).toBeLessThanOrEqual(10);
    expect(gol.splits.some((s) => s.inferred)).toBe(false);
  });
});

describe('reads no race could hold', () => {
  it('sets aside a logged read outside the event\'s window and scores the others', () => {
    const engine = new EventEngine(timingEvent());
    expect(engine.applyLogged(read('line', 'C7', GUN + lapMs))).toEqual({ outcome: { matched: true, bib: '7', raceId: 'track' } });
    const far = read('line', 'C7', Date.UTC(2106, 0, 1));
    expect(engine.applyLogged(far)).toEqual({ setAside: "read time 2106-01-01T00:00:00Z is outside the event's window 2026-04-16T00:00Z – 2026-04-19T00:00Z" });
    expect(engine.applyLogged(read('line', 'C7', 8.64e15))).toMatchObject({ setAside: expect.stringContaining('+275760-09-13T00:00:00Z') });
    expect(engine.runner('7')!.laps).toBe(1);
    // Set aside, the reads count as held: a snapshot taken now accounts for every seq.
    expect(engine.snapshot().setAside).toContain(far.seq);
  });

  it('flags a finish longer than any race and shows no projection that far out', () => {
    // The small event's 10 km has no cut-off: nothing else keeps such reads out of scoring.
    const engine = new EventEngine(smallEvent());
    engine.applyRead(read('start', 'C1', GUN));
    engine.applyRead(read('finish', 'C1', GUN + 40 * 86_400_000));
    expect(engine.runner('1')!.flags).toContain('finish time of 40 days is longer than any race: check the reads');
    engine.applyRead(read('start', 'C2', GUN));
    engine.applyRead(read('5k', 'C2', GUN + 20 * 86_400_000));
    const ben = engine.runner('2')!;
    expect(ben.status).toBe('onCourse');
    expect(ben.projectedNet).toBeNull();
    expect(ben.nextEta).toBeNull();
    expect(ben.flags.some((f) => f.startsWith('projected finish of 40 days is longer than any race'))).toBe(true);
  });
});

const lapMs = 80_000;

