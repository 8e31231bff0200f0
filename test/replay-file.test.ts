// Results files as they come: odd headers, broken rows, IOC country codes, spreadsheet times.
import { describe, expect, it } from 'vitest';
import { checkReplay } from '../server/replay/check-replay';
import { buildReplayEvent } from '../server/replay/replay-event';
import { replayEventFor, replayResults } from '../server/replay/replay-results';
import { startPrimary, TEST_CLUSTER_TOKEN } from './support/servers';
import { distanceOfHeader, parseResultsFile, parseResultTime, ResultsFileError } from '../server/replay/results-file';

const GUN = Date.parse('2017-04-17T14:00:00Z');

const FILE = [
  'Bib,Age,M/F,Country,Shoe,5K,Half,30 km,Official Time,Overall,Gender,Division',
  '3,25,M,GER,x,0:14:43,1:04:02,1:32:00,2:09:17,1,1,1',
  '8,29,M,KEN,x,0:14:43,1:1x:02,1:32:00,2:10:22,2,2,2', // broken time
  '11,abc,M,SUI,x,0:14:43,1:04:02,1:32:00,2:10:47,3,3,3', // non-numeric age
  'F7,31,F,AHO,x,0:17:00,-,1:48:00,0.106018519,4,1,1', // an old IOC code, missed Half, fraction of a day
  '12,41,M,NED,x,,1:10:00,1:45:00,2:40:00,5,4,1',
  '13,36,F,de,x,0:20:00,1:30:00,2:10:00,3:05:00.4,6,2,1',
].join('\n');

describe('results file', () => {
  it('reads headers as distances and times in every written form', () => {
    expect(distanceOfHeader('5K')).toBe(5000);
    expect(distanceOfHeader('30 km')).toBe(30_000);
    expect(distanceOfHeader('Half')).toBe(21_097.5);
    expect(distanceOfHeader('20 mi')).toBeCloseTo(32_186.88);
    expect(distanceOfHeader('800m')).toBe(800);
    expect(distanceOfHeader('Official Time')).toBeNull();
    expect(parseResultTime('2:09:17')).toBe(7_757_000);
    expect(parseResultTime('2:09:17.25')).toBe(7_757_250);
    expect(parseResultTime('0.124548611')).toBe(10_761_000);
    expect(parseResultTime('-')).toBeNull();
    expect(parseResultTime('')).toBeNull();
    expect(parseResultTime('2:6x:00')).toBeNaN();
  });

  it('reports bad rows with their line and what is wrong, and an unused column, and keeps the rest', () => {
    const file = parseResultsFile(FILE);
    expect(file.columns.splits.map((s) => s.header)).toEqual(['5K', 'Half', '30 km']);
    expect(file.columns.finish).toBe('Official Time');
    expect(file.problems).toEqual([
      { line: 3, field: 'Half', message: '"1:1x:02" is not a time (H:MM:SS or a fraction of a day)' },
      { line: 4, field: 'Age', message: 'age "abc" is not a whole number' },
    ]);
    expect(file.warnings).toEqual([{ line: 1, field: 'Shoe', message: 'column "Shoe" is not used' }]);
    expect(file.rows.map((r) => r.bib)).toEqual(['3', 'F7', '12', '13']);
    const f7 = file.rows.find((r) => r.bib === 'F7')!;
    expect(f7.splits).toEqual([1_020_000, null, 6_480_000]);
    expect(f7.finish).toBe(9_160_000);
  });

  it('refuses a file without the columns it needs, saying which', () => {
    expect(() => parseResultsFile('Bib,Age,5K\n1,30,0:20:00')).toThrow(ResultsFileError);
    expect(() => parseResultsFile('Bib,Age,5K\n1,30,0:20:00')).toThrow(/gender, finish time/);
  });

  it('builds the event through the set-up code: mats from the split headers, ISO countries, unknown codes kept', () => {
    const file = parseResultsFile(FILE);
    const event = buildReplayEvent(file, { eventId: 'boston', name: 'Boston', date: '2017-04-17', firstGun: GUN, seed: 3 });
    const race = event.setup.races[0];
    expect(race.timingPoints.map((p) => [p.id, p.name, p.distance])).toEqual([
      ['start', 'Start', 0],
      ['5k', '5K', 5000],
      ['21.1k', 'Half', 21_097.5],
      ['30k', '30 km', 30_000],
      ['finish', 'Finish', 42_195],
    ]);
    expect(race.ageGroups).toEqual([18, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80]);
    const country = Object.fromEntries(event.setup.entrants.map((e) => [e.bib, e.country]));
    // AHO, the Netherlands Antilles' old IOC code, is known: ISO 3166-3 ANT.
    expect(country).toEqual({ '3': 'DEU', F7: 'ANT', '12': 'NLD', '13': 'DEU' });
    expect(event.warnings).toEqual([]);
    // Elite women start first, in their own wave.
    const starts = new Map(event.runners.map((r) => [r.row.bib, r.start]));
    expect(starts.get('F7')!).toBeLessThan(GUN);
    expect(starts.get('3')!).toBeGreaterThanOrEqual(GUN);
  });

  it('replays a file with bad rows through the real server and scores the good ones', async () => {
    const file = parseResultsFile(FILE);
    const report = await replayResults({ file, date: '2017-04-17', seed: 5, duplicates: 0.5, shuffleSeconds: 30 });
    const { summary, runners } = report.output;
    expect(summary.runners).toBe(4);
    expect(summary.accepted).toBe(4 + 3 + 2 + 2 + 3 + 4); // start + splits + finish per runner
    expect(summary.duplicates).toBe(summary.reads - summary.accepted);
    expect(summary.rejected).toBe(0);
    expect(report.problems.map((p) => p.line)).toEqual([3, 4]);
    const check = checkReplay(file, report.output);
    expect(check.netTimeMismatches).toEqual([]);
    expect(check.placeMismatches).toEqual([]);
    const byBib = new Map(runners.map((r) => [r.bib, r]));
    expect(byBib.get('13')).toMatchObject({ netTime: 11_100.4, places: { overall: 4, gender: 2, ageGroup: 1 } });
    expect(Object.keys(byBib.get('F7')!.projections)).toEqual(['5K', '30 km']);
    expect(report.gaps).toBe(0);
    expect(report.missedUpdates).toBe(0);
  });

  it('feeds a running server (--url) whose event was created from the exported set-up, at a speed', async () => {
    const file = parseResultsFile(FILE);
    const options = { file, date: '2017-04-17', seed: 9, eventId: 'boston-live' };
    const { server, token } = await startPrimary({ event: replayEventFor(options).setup });
    try {
      // The server's cluster token lets the replay follow the whole race, as CLUSTER_TOKEN does for the command.
      const report = await replayResults({ ...options, url: server.url, token, clusterToken: TEST_CLUSTER_TOKEN, speed: 5000 });
      expect(report.output.summary.accepted).toBe(18);
      expect(checkReplay(file, report.output).placeMismatches).toEqual([]);
      expect(server.hub.mirror('boston-live')!.counters('marathon')!.finished).toBe(4);
    } finally {
      await server.close();
    }
  }, 60_000);
});
