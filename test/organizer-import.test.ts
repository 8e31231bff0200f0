// Set-up from files over the real API: a course from GPX, the seed's three races, entrants from
// CSV with a mapping step; broken files give clear errors and import nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { call, startWithOrganizer } from './organizer-helpers';
import type { TestPrimary } from './support/servers';

const file = (name: string) => readFileSync(new URL(`./organizer-files/${name}`, import.meta.url), 'utf8');

/** A GPX track running east from a point, `metres` long, as a course tool would export it. */
function gpxTrack(metres: number, points = 50): string {
  const perDegree = 111_320 * Math.cos((35.7 * Math.PI) / 180);
  const pts = Array.from({ length: points + 1 }, (_, i) => `<trkpt lat="35.7" lon="${(51.3 + ((metres / perDegree) * i) / points).toFixed(7)}"><ele>1200</ele></trkpt>`);
  return `<?xml version="1.0"?><gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>course</name><trkseg>${pts.join('')}</trkseg></trk></gpx>`;
}

let primary: TestPrimary & { cookie: string };
let url: string;
const api = (method: string, path: string, body?: unknown) => call(url, method, path, { cookie: primary.cookie, body });
const EV = '/api/organizer/events/tehran';

beforeAll(async () => {
  primary = await startWithOrganizer();
  url = primary.server.url;
});
afterAll(() => primary.server.close());

describe("the seed's three races from files", () => {
  it('creates the event with the marathon, then the 10 km and the 700 m loop', async () => {
    const preview = await api('POST', '/api/organizer/course/preview', { text: gpxTrack(42_195) });
    expect(preview.status).toBe(200);
    expect(Math.abs(preview.body.length - 42_195)).toBeLessThan(50);
    const created = await api('POST', '/api/organizer/events', {
      id: 'tehran',
      name: 'Tehran International Marathon',
      date: '2026-04-17',
      timeZone: 'Asia/Tehran',
      race: { id: 'marathon', name: 'Marathon', distance: 42_195, splits: [5000, 10_000, 21_097.5, 30_000, 40_000], course: preview.body.course },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body.event.races[0].timingPoints.map((p: { id: string }) => p.id)).toEqual(['start', '5k', '10k', '21.1k', '30k', '40k', 'finish']);

    const women = await api('POST', `${EV}/races`, { id: 'women-10k', name: "Women's 10 km", distance: 10_000, splits: [5000], startId: 'w-start', finishId: 'finish' });
    expect(women.status, women.text).toBe(201);
    const course = await api('POST', `${EV}/races/women-10k/course`, { text: gpxTrack(10_000) });
    expect(course.status).toBe(200);
    expect(course.body.race.timingPoints.every((p: { position?: unknown }) => p.position)).toBe(true);

    const loop = await api('POST', `${EV}/races`, { id: 'loop', name: 'Stadium loop', loop: { length: 700, laps: 6 } });
    expect(loop.status, loop.text).toBe(201);
    expect(loop.body.race).toMatchObject({ kind: 'loop', distance: 4200, loop: { lapPoint: 'loop-lap', laps: 6 } });

    const split = await api('POST', `${EV}/races/marathon/timing-points`, { position: [51.3 + 25_000 / (111_320 * Math.cos((35.7 * Math.PI) / 180)), 35.7004] });
    expect(split.status, split.text).toBe(201);
    const placed = split.body.race.timingPoints.find((p: { id: string }) => p.id === '25k');
    // The track was drawn with a flat-earth step; turf measures on the sphere: within 0.25 %.
    expect(Math.abs(placed.distance - 25_000)).toBeLessThan(60);
  });

  it('imports entrants after a mapping step: preview first, nothing stored until the import', async () => {
    const csv = file('seed-entrants.csv');
    const preview = await api('POST', `${EV}/entrants/preview`, { csv });
    expect(preview.status).toBe(200);
    // "Jahrgang" is not guessed: the organizer maps it.
    expect(preview.body.mapping).toMatchObject({ bib: 'Startnummer', chip: 'Chip', firstName: 'Vorname', lastName: 'Nachname', gender: 'Geschlecht', country: 'Nation', race: 'Rennen', status: 'Status' });
    expect(preview.body.mapping.birthYear).toBeUndefined();
    expect(preview.body).toMatchObject({ rows: 6, valid: 6, problems: [] });
    expect((await api('GET', `${EV}/setup`)).body.entrants).toEqual([]);

    const imported = await api('POST', `${EV}/entrants/import`, { csv, mapping: { ...preview.body.mapping, birthYear: 'Jahrgang' } });
    expect(imported.status, imported.text).toBe(200);
    expect(imported.body).toEqual({ imported: 6, total: 6, warnings: [] });
    const entrants = (await api('GET', `${EV}/setup`)).body.entrants;
    expect(entrants.map((e: { bib: string; raceId: string; country: string }) => `${e.bib}:${e.raceId}:${e.country}`)).toEqual([
      '1:marathon:IRN', '2:marathon:DEU', '3:marathon:KEN', '501:women-10k:IRN', '502:women-10k:FRA', '801:loop:IRN',
    ]);
    expect(entrants[2]).toMatchObject({ status: 'dns', birthYear: 1992 });
  });
});

describe('broken files', () => {
  const snapshot = async () => JSON.stringify([(await api('GET', `${EV}/setup`)).body, (await api('GET', `${EV}/audit?limit=500`)).body]);

  it('a CSV with problems is reported by line and imports nothing', async () => {
    const before = await snapshot();
    const csv = file('entrants-broken.csv').replace(/10k/g, 'women-10k');
    const preview = await api('POST', `${EV}/entrants/preview`, { csv, mode: 'add' });
    expect(preview.body.problems).toEqual([
      { line: 4, field: 'bib', message: 'bib 201 appears twice (also on line 2)' },
      { line: 5, field: 'race', message: 'unknown race "half"' },
    ]);
    const imported = await api('POST', `${EV}/entrants/import`, { csv, mode: 'add' });
    expect(imported.status).toBe(422);
    expect(imported.body.error).toBe('the file has 2 problem(s); nothing was imported');
    expect(imported.body.problems).toHaveLength(2);
    expect(await snapshot()).toBe(before);
  });

  it('adding a bib that is taken, or mapping a column the file does not have, is refused', async () => {
    const before = await snapshot();
    const taken = await api('POST', `${EV}/entrants/import`, { csv: 'bib,name,gender,race\n501,Someone,F,loop\n', mode: 'add' });
    expect(taken.body.problems).toEqual([{ line: 2, field: 'bib', message: 'bib 501 is already taken' }]);
    const mapped = await api('POST', `${EV}/entrants/preview`, { csv: 'bib,name,gender,race\n9,A,F,loop\n', mapping: { bib: 'bib', name: 'Name', gender: 'gender', race: 'race' } });
    expect(mapped.body.problems[0]).toEqual({ line: 1, field: 'name', message: 'the file has no column "Name"' });
    const noRows = await api('POST', `${EV}/entrants/import`, { csv: 'bib,name,gender,race\n' });
    expect(noRows.status).toBe(422);
    expect(await snapshot()).toBe(before);
  });

  it.each([
    ['not XML or JSON', 'hello', /neither GPX/],
    ['a GPX without a track', '<gpx xmlns="http://www.topografix.com/GPX/1/1"><wpt lat="35.7" lon="51.3"/></gpx>', /no track or line/],
    ['truncated XML', gpxTrack(5000).slice(0, 300), /not valid XML/],
    ['a GeoJSON point', '{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[51,35]}}', /no track or line/],
  ])('a course file that is %s is refused with a clear error and changes nothing', async (_label, text, message) => {
    const before = await snapshot();
    const res = await api('POST', `${EV}/races/women-10k/course`, { text });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatch(message);
    expect(await snapshot()).toBe(before);
  });

  it('a race that does not add up is refused', async () => {
    const res = await api('POST', `${EV}/races`, { id: 'bad', name: 'Bad', distance: 5000, splits: [6000] });
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('a split at 6000 m is not between the start and the finish (5000 m)');
    const dup = await api('POST', `${EV}/races`, { id: 'loop', name: 'Again', loop: { length: 400, laps: 2 } });
    expect(dup.status).toBe(409);
  });
});
