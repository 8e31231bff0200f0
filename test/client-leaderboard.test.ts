// Client leaderboard logic: filters, deltas keyed by bib with gap detection, the leaderboard window, and the race clock.
import { describe, expect, it } from 'vitest';
import { leaderboard } from '../shared/board/leaderboard';
import type { RaceCounters, RunnerRow } from '../shared/views';
import { filterFromParams, filterOptions, withFilter } from '../client/src/leaderboard/filters';
import { applyUpdate, fromSnapshot } from '../client/src/live/race-state';
import { applyWindowUpdate, fromWindowSnapshot, windowRows } from '../client/src/live/window-state';
import type { RaceWindowUpdate } from '../shared/race-view';
import { RaceClock } from '../client/src/live/clock';
import { finishHistogram, perCountry } from '../client/src/overview/stats';

const counters: RaceCounters = { registered: 3, started: 3, onCourse: 3, finished: 0, dnf: 0, dns: 0, dq: 0 };

function row(bib: string, over: Partial<RunnerRow> = {}): RunnerRow {
  return {
    bib, name: `Runner ${bib}`, gender: 'M', ageGroup: 'M35', country: 'IRN', raceId: 'r', status: 'onCourse', private: false,
    lastPoint: '5k', lastDistance: 5000, lastTime: 1000, lastNet: 1000, lastGun: 1000, startTime: 0, netTime: null, gunTime: null,
    laps: null, pace: 300, projectedNet: null, projectedRange: null, nextPoint: null, nextEta: null, nextEtaRange: null, flags: [], ...over,
  };
}

const rows = [row('1'), row('2', { gender: 'F', ageGroup: 'F40', country: 'DEU', lastNet: 900 }), row('3', { country: 'KEN', ageGroup: 'M18' })];

describe('filters', () => {
  it('offers only the values the race has, age groups in numeric order', () => {
    expect(filterOptions(rows)).toEqual({ gender: ['F', 'M'], ageGroup: ['M18', 'M35', 'F40'], country: ['DEU', 'IRN', 'KEN'] });
  });

  it('round-trips through the URL and filters with overall places kept', () => {
    const params = withFilter(withFilter(new URLSearchParams(), 'gender', 'M'), 'country', 'KEN');
    expect(params.toString()).toBe('gender=M&country=KEN');
    const filter = filterFromParams(params);
    const board = leaderboard(rows, { filter });
    expect(board.entries.map((e) => [e.bib, e.places?.overall])).toEqual([['3', 3]]);
    expect(filterFromParams(withFilter(params, 'country', ''))).toEqual({ gender: 'M' });
  });
});

describe('race state', () => {
  const snapshot = () => fromSnapshot({ eventId: 'e', raceId: 'r', seq: 4, counters, runners: rows });

  it('applies the next update by bib and marks the change', () => {
    const s = snapshot();
    const moved = row('3', { lastDistance: 10_000, lastPoint: '10k', lastNet: 2000 });
    expect(applyUpdate(s, { eventId: 'e', raceId: 'r', seq: 5, counters, runners: [moved], removed: ['1'] }, 123)).toBe('applied');
    expect(s.seq).toBe(5);
    expect(s.rows.get('3')).toBe(moved);
    expect(s.rows.has('1')).toBe(false);
    expect(s.changedAt.get('3')).toBe(123);
    expect(leaderboard(s.rows.values()).entries[0].bib).toBe('3');
  });

  it('reports a gap and leaves the state alone; ignores what it already has', () => {
    const s = snapshot();
    expect(applyUpdate(s, { eventId: 'e', raceId: 'r', seq: 6, counters, runners: [row('9')], removed: [] }, 1)).toBe('gap');
    expect(s.rows.has('9')).toBe(false);
    expect(s.seq).toBe(4);
    expect(applyUpdate(s, { eventId: 'e', raceId: 'r', seq: 4, counters, runners: [row('9')], removed: [] }, 1)).toBe('stale');
    expect(s.version).toBe(0);
  });
});

describe('race clock', () => {
  it('follows reads ahead of the wall clock and advances with wall time', () => {
    let wall = 1000;
    const clock = new RaceClock(() => wall);
    expect(clock.now()).toBe(1000);
    clock.observe(50_000);
    expect(clock.now()).toBe(50_000);
    wall = 1500;
    expect(clock.now()).toBe(50_500);
    clock.observe(20_000);
    expect(clock.now()).toBe(50_500);
    wall = 100_000;
    expect(clock.now()).toBe(149_000);
  });
});

describe('overview figures', () => {
  it('bins finish times in round widths', () => {
    const bins = finishHistogram([3 * 3_600_000, 3 * 3_600_000 + 60_000, 4 * 3_600_000]);
    expect(bins[0]).toEqual({ from: 3 * 3_600_000, count: 2 });
    expect(bins.reduce((n, b) => n + b.count, 0)).toBe(3);
    expect(bins.length).toBeLessThanOrEqual(21);
    expect(finishHistogram([])).toEqual([]);
  });

  it('counts runners per country, most first', () => {
    expect(perCountry([...rows, row('4', { country: 'KEN' }), row('5', { country: null })])).toEqual([
      { code: 'KEN', count: 2 },
      { code: 'DEU', count: 1 },
      { code: 'IRN', count: 1 },
    ]);
  });
});

describe('leaderboard window', () => {
  const entry = (bib: string, overall: number) => ({ ...row(bib), places: { overall, gender: overall, ageGroup: overall } });
  const snapshot = () =>
    fromWindowSnapshot({
      eventId: 'e', raceId: 'r', key: 'k', seq: 2, counters, total: 10, offset: 4, limit: 3, lastRead: 0,
      rows: [entry('5', 5), entry('6', 6), entry('7', 7)], options: { gender: [], ageGroup: [], country: [] },
    });

  it('keeps rows by their index; moves, entries and departures land where the server says', () => {
    const s = snapshot();
    expect([...s.rows.keys()]).toEqual([4, 5, 6]);
    // 9 enters at index 4, 5 and 6 move down one (a move: index and places), 7 leaves.
    const outcome = applyWindowUpdate(s, {
      eventId: 'e', raceId: 'r', key: 'k', seq: 3, counters, total: 10, lastRead: 5,
      rows: [{ ...entry('9', 5), index: 4 }], moved: [['5', 5, 6, 6, 6], ['6', 6, 7, 7, null]], removed: ['7'],
    }, 100);
    expect(outcome).toBe('applied');
    expect(windowRows(s).map((r) => [r.bib, r.places?.overall])).toEqual([['9', 5], ['5', 6], ['6', 7]]);
    expect(windowRows(s)[2].places).toEqual({ overall: 7, gender: 7, ageGroup: null });
    expect(windowRows(s)[1].name).toBe('Runner 5');
    expect(s.changedAt.get('9')).toBe(100);
    expect(s.changedAt.has('5')).toBe(false);
    expect(s.changedAt.has('7')).toBe(false);
  });

  it('reports a gap, ignores an old update and another view’s update', () => {
    const s = snapshot();
    const update: RaceWindowUpdate = { eventId: 'e', raceId: 'r', key: 'k', seq: 4, counters, total: 10, lastRead: 0, rows: [{ ...entry('9', 1), index: 4 }], moved: [], removed: [] };
    expect(applyWindowUpdate(s, update, 1)).toBe('gap');
    // A move of a row the window does not have: out of step.
    expect(applyWindowUpdate(s, { ...update, seq: 3, rows: [], moved: [['9', 5, 1, 1, 1]] }, 1)).toBe('gap');
    expect(applyWindowUpdate(s, { ...update, seq: 2 }, 1)).toBe('stale');
    expect(applyWindowUpdate(s, { ...update, seq: 3, key: 'other' }, 1)).toBe('other');
    expect(windowRows(s).map((r) => r.bib)).toEqual(['5', '6', '7']);
    expect(s.version).toBe(0);
  });
});
