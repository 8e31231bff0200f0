// The place a filtered leaderboard shows: the place in the category, not the overall place, with
// ties on the same whole second sharing a place; and the course strip's labels and crowd on a phone.
import { describe, expect, it } from 'vitest';
import { assignPlaces, compareRows } from '../shared/board/order';
import { leaderboard } from '../shared/board/leaderboard';
import type { LeaderboardFilter } from '../shared/board/filters';
import type { RunnerRow } from '../shared/views';
import { categoryPlace, placeDigits, placeKind } from '../client/src/leaderboard/category-place';
import { crowdColumns, fittingLabels, isCrowded, stripMarks } from '../client/src/map/course-strip';
import { smallEvent } from './fixtures';

const GENDERS = ['F', 'M'] as const;
const GROUPS = ['18-34', '35-39', '45-49'];
const COUNTRIES = ['CAN', 'IRN', 'KEN', 'USA'];

function row(i: number): RunnerRow {
  const finished = i % 7 !== 0;
  const dnf = i % 29 === 0;
  // Finish times on a coarse grid of seconds, so many finishers tie on the same second.
  const net = 9_000_000 + (i % 97) * 1000 + (i % 3) * 250;
  return {
    bib: String(10_000 + i), name: `Runner ${i}`, gender: GENDERS[i % 2], ageGroup: GROUPS[i % 3], country: COUNTRIES[i % 4], raceId: 'r',
    status: dnf ? 'dnf' : finished ? 'finished' : 'onCourse', private: false,
    lastPoint: 'finish', lastDistance: finished ? 42_195 : 20_000 + (i % 11) * 1000, lastTime: net, lastNet: net, lastGun: net + 60_000,
    startTime: 0, netTime: finished ? net : null, gunTime: finished ? net + (i % 5) * 1000 : null,
    laps: null, pace: 300, projectedNet: null, projectedRange: null, nextPoint: null, nextEta: null, nextEtaRange: null, flags: [],
  };
}

const field = Array.from({ length: 600 }, (_, i) => row(i));

/** The places a category would have as a race of its own: what a spectator expects to read. */
function placesAsOwnRace(filter: LeaderboardFilter, ranking: 'net' | 'gun'): (number | null)[] {
  const own = field.filter((r) => (!filter.gender || r.gender === filter.gender) && (!filter.ageGroup || r.ageGroup === filter.ageGroup) && (!filter.country || r.country === filter.country));
  return assignPlaces(own.sort((a, b) => compareRows(a, b, ranking)), ranking).map((r) => r.places?.overall ?? null);
}

describe('category places under a filter', () => {
  const filters: LeaderboardFilter[] = [{}, { gender: 'F' }, { gender: 'M', ageGroup: '45-49' }, { ageGroup: '35-39' }, { country: 'CAN' }, { gender: 'F', ageGroup: '45-49', country: 'CAN' }];
  for (const ranking of ['net', 'gun'] as const) {
    for (const filter of filters) {
      it(`${ranking} ranking, filter ${JSON.stringify(filter)}: each row's place is its place in the category`, () => {
        const board = leaderboard(field, { ranking, filter });
        const kind = placeKind(filter);
        const shown = board.entries.map((_, i) => categoryPlace(kind, (j) => board.entries[j], i, ranking));
        expect(shown).toEqual(placesAsOwnRace(filter, ranking));
        if (kind !== 'overall') expect(shown.some((p, i) => p !== board.entries[i].places?.overall)).toBe(true);
        // Ties share a place: the test's field has them in every category but the smallest.
        if (Object.keys(filter).length < 3) expect(new Set(shown.filter((p) => p !== null)).size).toBeLessThan(shown.filter((p) => p !== null).length);
      });
    }
  }

  it('reads the server-given places for gender and for a gender with an age group', () => {
    expect(placeKind({})).toBe('overall');
    expect(placeKind({ gender: 'F' })).toBe('gender');
    expect(placeKind({ gender: 'F', ageGroup: '45-49' })).toBe('ageGroup');
    expect(placeKind({ ageGroup: '45-49' })).toBe('filtered');
    expect(placeKind({ gender: 'F', country: 'CAN' })).toBe('filtered');
  });

  it('counts from the rows loaded when the row above a tie is not loaded yet', () => {
    const board = leaderboard(field, { filter: { country: 'KEN' } });
    const loadedFrom = 40;
    const at = (j: number) => (j >= loadedFrom ? board.entries[j] : undefined);
    expect(categoryPlace('filtered', at, loadedFrom, 'net')).toBe(loadedFrom + 1);
    expect(categoryPlace('filtered', at, loadedFrom - 1, 'net')).toBeNull();
  });

  it('sizes the place column for five-digit places', () => {
    expect(placeDigits(9)).toBe(2);
    expect(placeDigits(26_410)).toBe(5);
  });
});

describe('the course strip on a phone', () => {
  const race = smallEvent({
    races: [
      {
        id: 'm', name: 'Marathon', kind: 'point-to-point', distance: 42_195, gunTime: 0,
        timingPoints: [
          { id: 'start', name: 'Start', kind: 'start', distance: 0 },
          ...[5, 10, 15, 20].map((k) => ({ id: `${k}k`, name: `${k}K`, kind: 'split' as const, distance: k * 1000 })),
          { id: 'half', name: 'Half', kind: 'split', distance: 21_098 },
          ...[25, 30, 35, 40].map((k) => ({ id: `${k}k`, name: `${k}K`, kind: 'split' as const, distance: k * 1000 })),
          { id: 'finish', name: 'Finish', kind: 'finish', distance: 42_195 },
        ],
      },
    ],
    entrants: [],
  }).races[0];
  const marks = stripMarks(race, 'Finish', 'Start');
  const labels = (width: number) => marks.filter((m) => fittingLabels(marks, width, 0.04, 0.92).has(m)).map((m) => m.label);

  it('leaves off the labels that would print over each other at 390 px, never start or finish', () => {
    const phone = labels(374);
    expect(phone).toContain('Start');
    expect(phone).toContain('Finish');
    expect(phone).not.toContain('40K');
    expect(phone.includes('20K') && phone.includes('Half')).toBe(false);
    expect(phone.length).toBeGreaterThan(3);
    // Wide enough, every mat keeps its label.
    expect(labels(2400)).toEqual(marks.map((m) => m.label));
  });

  it('draws a major field as the crowd\'s shape, a small one as dots', () => {
    expect(isCrowded(26_000, 360 * 80, 3)).toBe(true);
    expect(isCrowded(120, 1200 * 80, 3)).toBe(false);
    const distances = Float64Array.from([0, 100, 21_000, 21_050, 42_195]);
    expect([...crowdColumns(distances, 5, 42_195, 20, 2)]).toEqual([2, 0, 0, 0, 2, 0, 0, 0, 0, 1]);
  });
});
