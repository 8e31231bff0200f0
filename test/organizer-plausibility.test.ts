// Plausibility per division and a course cut on one segment, through the entrant file and the
// organizer API on the real server: a wheelchair racer at 1:20 for the marathon is not flagged,
// a runner at the same times is; a runner who cut between two mats that both read them is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventSetupSchema } from '../shared/domain';
import type { FlaggedRunner, MonitoringReport } from '../shared/organizer';
import { buildRace } from '../server/setup/race-builder';
import { GUN } from './fixtures';
import { call, startWithOrganizer } from './organizer-helpers';
import { postReads, type TestPrimary } from './support/servers';

const EV = '/api/organizer/events/city';
const SPLITS = [5000, 10_000, 15_000, 20_000, 25_000, 30_000, 35_000, 40_000];
let primary: TestPrimary & { cookie: string };
let url: string;
const api = (method: string, path: string, body?: unknown) => call(url, method, path, { cookie: primary.cookie, body });

/** Reads at every mat for a runner at an even pace (s/km), with an optional segment run faster. */
function evenReads(chip: string, secondsPerKm: number, fastSegment?: { to: number; secondsPerKm: number }) {
  let t = GUN;
  let at = 0;
  const reads = [{ point: 'start', chip, time: GUN }];
  for (const d of [...SPLITS, 42_195]) {
    const pace = fastSegment?.to === d ? fastSegment.secondsPerKm : secondsPerKm;
    t += Math.round(((d - at) / 1000) * pace * 1000);
    at = d;
    reads.push({ point: d === 42_195 ? 'finish' : `${d / 1000}k`, chip, time: t });
  }
  return reads;
}

beforeAll(async () => {
  const event = eventSetupSchema.parse({
    id: 'city',
    name: 'City marathon',
    date: '2026-04-17',
    races: [buildRace({ id: 'marathon', name: 'Marathon', distance: 42_195, gunTime: GUN, splits: SPLITS })],
    entrants: [],
  });
  primary = await startWithOrganizer({ event });
  url = primary.server.url;
  const csv = ['Bib,Chip,Name,Sex,Nation,Division', '1,W1,Wheel Racer,M,SUI,Wheelchair', '2,R2,Same Times,M,KEN,', '3,R3,Short Cut,F,IRI,', '4,R4,Even Runner,F,GER,elite'].join('\n');
  const imported = await api('POST', `${EV}/entrants/import`, { csv, defaultRaceId: 'marathon' });
  expect(imported.status, imported.text).toBe(200);
  // 1:20 for the marathon is 1:53.8/km.
  const res = await postReads(url, 'city', primary.token, {
    reads: [...evenReads('W1', 4800 / 42.195), ...evenReads('R2', 4800 / 42.195), ...evenReads('R3', 300, { to: 15_000, secondsPerKm: 200 }), ...evenReads('R4', 300)],
  });
  expect(res.status).toBe(200);
});
afterAll(() => primary.server.close());

const flagged = async (): Promise<Map<string, FlaggedRunner>> => {
  const res = await api('GET', `${EV}/monitoring`);
  expect(res.status).toBe(200);
  return new Map((res.body as MonitoringReport).flagged.map((f) => [f.bib, f]));
};

describe('plausibility per division', () => {
  it('a wheelchair racer at 1:20 for the marathon is not flagged; a runner at the same times is', async () => {
    const setup = (await api('GET', `${EV}/setup`)).body;
    expect(setup.entrants.find((e: { bib: string }) => e.bib === '1')).toMatchObject({ division: 'wheelchair', country: 'CHE' });
    const flags = await flagged();
    expect(flags.has('1')).toBe(false);
    expect((await api('GET', `${EV}/runners/1`)).body.runner).toMatchObject({ status: 'finished', flags: [] });
    expect(flags.get('2')).toMatchObject({ possibleCut: true });
    expect(flags.get('2')!.flags[0]).toMatch(/faster than the world record pace/);
    expect(flags.has('4')).toBe(false);
  });

  it('flags a course cut when one segment is implausibly fast for the runner\'s own pace, with no mat missed', async () => {
    const cut = (await flagged()).get('3')!;
    expect(cut).toMatchObject({ possibleCut: true, missing: [], reviewed: false });
    expect(cut.flags).toEqual(["implausibly fast before 15 km: 3:20/km over 5 km against the runner's 5:00/km so far"]);
    // Reviewed and accepted, it is no longer provisional.
    expect((await api('POST', `${EV}/runners/3/review`, { reason: 'GPS track checked', outcome: 'accepted' })).status).toBe(200);
    expect((await flagged()).get('3')).toMatchObject({ reviewed: true });
  });
});
