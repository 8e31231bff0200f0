// The reusable set-up code: course files, races from distances, entrant rows checked by line.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CourseImportError, parseCourseFile, snapToCourse } from '../server/setup/course-import';
import { buildRace, RaceSpecError, timingPointsFromDistances } from '../server/setup/race-builder';
import { entrantsFromRows, guessColumnMapping, parseCsv } from '../server/setup/entrant-rows';
import { smallEvent } from './fixtures';

const file = (name: string) => readFileSync(new URL(`./organizer-files/${name}`, import.meta.url), 'utf8');

describe('course import', () => {
  it('reads a GPX track into a course line with its length', () => {
    const { course, length } = parseCourseFile(file('course.gpx'));
    expect(course).toHaveLength(4);
    expect(course[0]).toEqual([51.3, 35.7]);
    expect(length).toBeGreaterThan(13_000);
    expect(length).toBeLessThan(14_500);
  });

  it('reads GeoJSON features and geometries', () => {
    const line = { type: 'LineString', coordinates: [[0, 0], [0, 0.01]] };
    expect(parseCourseFile(JSON.stringify(line)).course).toHaveLength(2);
    const fc = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [0, 0] } }, { type: 'Feature', properties: {}, geometry: line }] };
    expect(Math.round(parseCourseFile(JSON.stringify(fc)).length)).toBe(1112);
  });

  it.each([
    ['', /empty/],
    ['<gpx><trk><trkseg><trkpt lat="1" lon="2"></trkpt></trk></gpx>', /not valid XML/],
    ['<kml></kml>', /not GPX/],
    ['<gpx xmlns="http://www.topografix.com/GPX/1/1"><wpt lat="1" lon="2"/></gpx>', /no track or line/],
    ['{"type": "Point", "coordinates": [1, 2]}', /no track or line/],
    ['{"type": "LineString", "coordinates": [[1, 2], [500, 2]]}', /point 2 is not a valid/],
    ['{not json', /neither GPX/],
  ])('refuses a broken file with a clear message (%#)', (text, message) => {
    expect(() => parseCourseFile(text)).toThrow(CourseImportError);
    expect(() => parseCourseFile(text)).toThrow(message);
  });

  it('snaps a clicked point to the course', () => {
    const { course } = parseCourseFile(file('course.gpx'));
    const snapped = snapToCourse(course, [51.33, 35.7003]);
    expect(snapped.position[1]).toBeCloseTo(35.7, 3);
    expect(snapped.distance).toBeGreaterThan(2600);
    expect(snapped.distance).toBeLessThan(2800);
    expect(snapped.offMetres).toBeLessThan(50);
  });
});

describe('race builder', () => {
  it('makes start, splits in order and finish, placed on the course', () => {
    const { course } = parseCourseFile(file('course.gpx'));
    const race = buildRace({ id: 'r', name: 'R', distance: 10_000, splits: [7500, 2500, { distance: 5000, id: 'half' }], course });
    expect(race.timingPoints.map((p) => p.id)).toEqual(['start', '2.5k', 'half', '7.5k', 'finish']);
    expect(race.timingPoints.every((p) => p.position)).toBe(true);
  });

  it('builds a loop race with its lap mat', () => {
    const race = buildRace({ id: 'loop', name: 'Loop', loop: { length: 700, laps: 6 } });
    expect(race).toMatchObject({ kind: 'loop', distance: 4200, loop: { lapPoint: 'loop-lap', laps: 6 } });
  });

  it('refuses a split outside the race', () => {
    expect(() => timingPointsFromDistances(5000, [6000])).toThrow(RaceSpecError);
    expect(() => buildRace({ id: 'bad id!', name: 'x', distance: 5000 })).toThrow(/race "bad id!": id/);
  });
});

describe('entrant rows', () => {
  const races = smallEvent().races;

  it('guesses the mapping and normalises countries and genders', () => {
    const csv = parseCsv(file('entrants.csv'));
    expect(csv.problems).toEqual([]);
    const mapping = guessColumnMapping(csv.headers);
    expect(mapping).toMatchObject({ bib: 'Bib', chip: 'Chip', firstName: 'First name', lastName: 'Last name', gender: 'Sex', country: 'Nation', race: 'Race' });
    const { entrants, problems } = entrantsFromRows(csv.rows, { mapping, races });
    expect(problems).toEqual([]);
    expect(entrants.map((e) => [e.bib, e.name, e.gender, e.country, e.raceId])).toEqual([
      ['101', 'Sara Ahmadi', 'F', 'IRN', '10k'],
      ['102', 'Lukas Schmidt', 'M', 'DEU', '10k'],
      ['103', 'Anna, Maria Rossi', 'F', 'ITA', '10k'],
      ['104', 'Eli Moradi', 'F', 'IRN', 'loop'],
    ]);
  });

  it('reports every problem with its line', () => {
    const csv = parseCsv(file('entrants-broken.csv'));
    const { problems, warnings } = entrantsFromRows(csv.rows, { mapping: guessColumnMapping(csv.headers), races });
    // An unknown country is a warning: the entrant is kept.
    expect(warnings).toEqual([{ line: 3, field: 'country', message: 'unknown country "XYZ", kept as given' }]);
    expect(problems).toEqual([
      { line: 4, field: 'bib', message: 'bib 201 appears twice (also on line 2)' },
      { line: 5, field: 'race', message: 'unknown race "half"' },
    ]);
  });

  it('asks for the columns it cannot do without', () => {
    const { problems } = entrantsFromRows([{ a: '1' }], { mapping: { bib: 'a' }, races });
    expect(problems[0].message).toBe('map a column to: gender, name');
  });
});
