// The stadium screen's pure pieces: the race clock, leaders with times and gaps, the podium.
import { describe, expect, it } from 'vitest';
import { formatClock, formatCountdown, formatGap, raceClock, waveRaceClock } from '../client/src/screen/race-clock';
import { leaderLines, podium } from '../client/src/screen/leaders';
import { EventEngine } from '../shared/engine/event-engine';
import { chipRead as read, GUN, min, smallEvent } from './fixtures';

describe('race clock', () => {
  it('reads H:MM:SS from the gun, rounded down, hours always shown', () => {
    expect(formatClock(0)).toBe('0:00:00');
    expect(formatClock(59_999)).toBe('0:00:59');
    expect(formatClock(3_723_000)).toBe('1:02:03');
    expect(formatClock(26 * 3_600_000)).toBe('26:00:00');
  });

  it('counts down to the gun, rounded up so it turns at the gun', () => {
    expect(formatCountdown(299_001)).toBe('-5:00');
    expect(formatCountdown(1)).toBe('-0:01');
    expect(formatCountdown(3_600_000)).toBe('-1:00:00');
    expect(raceClock(GUN, GUN - 500)).toEqual({ phase: 'before', text: '-0:01' });
    expect(raceClock(GUN, GUN)).toEqual({ phase: 'running', text: '0:00:00' });
    expect(raceClock(GUN, GUN + min(61) + 999)).toEqual({ phase: 'running', text: '1:01:00' });
    expect(raceClock(null, GUN).phase).toBe('none');
  });

  it('runs from the first wave on a race started in waves, and says which waves are off', () => {
    const waves = [
      { name: 'Wave 1', gunTime: GUN },
      { name: 'Wave 2', gunTime: GUN + min(25) },
      { name: 'Wave 3', gunTime: null },
    ];
    expect(waveRaceClock({ gunTime: null, waves }, GUN - 1_000)).toMatchObject({ phase: 'before', text: '-0:01', waves: { off: 0, total: 3, next: { name: 'Wave 1' } } });
    expect(waveRaceClock({ gunTime: null, waves }, GUN + min(10))).toEqual({ phase: 'running', text: '0:10:00', waves: { off: 1, total: 3, next: { name: 'Wave 2', in: '-15:00' } } });
    expect(waveRaceClock({ gunTime: null, waves }, GUN + min(30))).toMatchObject({ text: '0:30:00', waves: { off: 2, total: 3, next: null } });
    // A race gun before the waves (the elite start) is the first gun.
    expect(waveRaceClock({ gunTime: GUN - min(5), waves }, GUN).text).toBe('0:05:00');
    expect(waveRaceClock({ gunTime: GUN, waves: [] }, GUN + 1_000)).toEqual({ phase: 'running', text: '0:00:01', waves: null });
    expect(waveRaceClock({ gunTime: null, waves: [{ name: 'A', gunTime: null }] }, GUN).phase).toBe('none');
  });

  it('writes gaps as +M:SS or +H:MM:SS', () => {
    expect(formatGap(12_400)).toBe('+0:12');
    expect(formatGap(61_000)).toBe('+1:01');
    expect(formatGap(3_725_000)).toBe('+1:02:05');
    expect(formatGap(-5)).toBe('+0:00');
  });
});

const entrants = [
  { bib: '1', chip: 'C1', name: 'Ana', gender: 'F' as const, age: 30, country: 'IRN', raceId: '10k' },
  { bib: '2', chip: 'C2', name: 'Ben', gender: 'M' as const, age: 41, country: 'DEU', raceId: '10k' },
  { bib: '3', chip: 'C3', name: 'Cyra', gender: 'F' as const, age: 36, country: 'IRN', raceId: '10k' },
  { bib: '4', chip: 'C4', name: 'Dara', gender: 'F' as const, age: 25, country: 'KEN', raceId: '10k' },
  { bib: '6', chip: 'C6', name: 'Fay', gender: 'F' as const, age: 44, country: 'FRA', raceId: '10k' },
];

function race() {
  const engine = new EventEngine(smallEvent({ entrants }));
  for (const c of ['C1', 'C2', 'C3', 'C4', 'C6']) engine.applyRead(read('start', c, GUN));
  engine.applyRead(read('5k', 'C1', GUN + min(20)));
  engine.applyRead(read('5k', 'C3', GUN + min(21)));
  engine.applyRead(read('5k', 'C4', GUN + min(30)));
  return engine;
}

describe('leaders with times and gaps', () => {
  it('at the same mat: time there and the exact gap; the leader has none', () => {
    const e = race();
    const lines = leaderLines(e.race('10k')!, e.standings('10k'), 'F', 5);
    expect(lines.map((l) => [l.bib, l.time, l.gap, l.gapEstimated])).toEqual([
      ['1', min(20), null, false],
      ['3', min(21), min(1), false],
      ['4', min(30), min(10), false],
      // Seen only at the start: no time to compare.
      ['6', 0, null, false],
    ]);
    expect(lines[0].projected).toBeGreaterThan(min(39));
    expect(lines[0].places?.gender).toBe(1);
  });

  it('behind a leader who is further on: the gap at the leader\'s pace, marked as estimated', () => {
    const e = race();
    e.applyRead(read('finish', 'C1', GUN + min(40)));
    const [winner, second] = leaderLines(e.race('10k')!, e.standings('10k'), 'F', 2);
    expect([winner.bib, winner.time, winner.projected]).toEqual(['1', min(40), null]);
    // Ana ran 40:00 for 10 km: 20:00 at 5 km on average; Cyra was there in 21:00.
    expect([second.bib, second.gap, second.gapEstimated]).toEqual(['3', min(1), true]);
  });

  it('finishers: the gap between finish times', () => {
    const e = race();
    e.applyRead(read('finish', 'C1', GUN + min(40)));
    e.applyRead(read('finish', 'C3', GUN + min(40) + 12_400));
    const lines = leaderLines(e.race('10k')!, e.standings('10k'), 'F', 2);
    expect(lines[1].gap).toBe(12_400);
    expect(lines[1].gapEstimated).toBe(false);
  });
});

describe('podium', () => {
  it('waits for three finishers, then shows the first three of each gender', () => {
    const e = race();
    const r = e.race('10k')!;
    e.applyRead(read('finish', 'C1', GUN + min(40)));
    e.applyRead(read('finish', 'C2', GUN + min(38)));
    expect(podium(r, [...e.standings('10k')], ['F', 'M'])).toBeNull();
    e.applyRead(read('finish', 'C3', GUN + min(41)));
    e.applyRead(read('finish', 'C4', GUN + min(42)));
    e.applyRead(read('finish', 'C6', GUN + min(43)));
    const groups = podium(r, [...e.standings('10k')], ['F', 'M'])!;
    expect(groups.map((g) => [g.gender, g.entries.map((x) => [x.bib, x.places?.gender])])).toEqual([
      ['F', [['1', 1], ['3', 2], ['4', 3]]],
      ['M', [['2', 1]]],
    ]);
  });
});

describe('course strip', () => {
  it('marks start, split mats and finish along the race distance', async () => {
    const { stripMarks } = await import('../client/src/map/course-strip');
    const event = smallEvent();
    expect(stripMarks(event.races[0], 'Finish', 'Start').map((m) => [m.label, m.at, m.kind])).toEqual([
      ['Start', 0, 'start'],
      ['5 km', 0.5, 'mat'],
      ['Finish', 1, 'finish'],
    ]);
    // A loop: a mark at every lap, numbered.
    expect(stripMarks(event.races[1], 'Finish', 'Start').map((m) => [m.label, m.distance])).toEqual([
      ['Start', 0],
      ['1', 700],
      ['2', 1400],
      ['Finish', 2100],
    ]);
  });

  it('puts a bib in the same lane every time, spread over -1..1', async () => {
    const { laneOf, stripAt } = await import('../client/src/map/course-strip');
    const lanes = Array.from({ length: 500 }, (_, i) => laneOf(String(i + 1)));
    expect(laneOf('17')).toBe(laneOf('17'));
    expect(Math.min(...lanes)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...lanes)).toBeLessThanOrEqual(1);
    expect(lanes.filter((l) => l < 0).length).toBeGreaterThan(150);
    expect(lanes.filter((l) => l > 0).length).toBeGreaterThan(150);
    expect([stripAt(-5, 100), stripAt(50, 100), stripAt(150, 100)]).toEqual([0, 0.5, 1]);
  });
});

describe('map labels', () => {
  it('a label that would cover another moves beside it, and never off the map', async () => {
    const { freeRow } = await import('../client/src/map/canvas-shapes');
    const placed = [{ x: 0, y: 10, w: 100, h: 20 }];
    expect(freeRow({ x: 50, y: 12, w: 80, h: 20 }, placed, 200)).toBe(34);
    expect(freeRow({ x: 50, y: 12, w: 80, h: 20 }, [...placed, { x: 0, y: 34, w: 100, h: 20 }], 200)).toBe(56);
    // Near the bottom edge: up, not out.
    expect(freeRow({ x: 50, y: 175, w: 80, h: 20 }, [{ x: 0, y: 175, w: 100, h: 20 }], 200)).toBe(153);
    expect(freeRow({ x: 300, y: 12, w: 80, h: 20 }, placed, 200)).toBe(12);
  });
});
