// Every started runner has an expected arrival at their next mat, through the real server and the
// organizer API: runners read only at the start and runners started by their wave's gun become
// overdue, the first mat after the start goes silent, and "device offline" is told from "device
// online but no reads". A backup device's read never overrides an earlier main read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventSetupSchema } from '../shared/domain';
import type { MonitoringReport } from '../shared/organizer';
import { buildRace } from '../server/setup/race-builder';
import { call, startWithOrganizer } from './organizer-helpers';
import { postReads, type TestPrimary } from './support/servers';
import { min } from './fixtures';

const GUN = Date.now() - min(40);
const EV = '/api/organizer/events/trust';
const runner = (bib: number, extra: Record<string, unknown> = {}) => ({ bib: String(bib), chip: `C${bib}`, name: `Runner ${bib}`, gender: 'F', raceId: '10k', ...extra });
const event = eventSetupSchema.parse({
  id: 'trust',
  name: 'Race-day trust',
  date: new Date(GUN).toISOString().slice(0, 10),
  races: [{ ...buildRace({ id: '10k', name: '10 km', distance: 10_000, gunTime: GUN, splits: [2000, 5000, 8000] }), waves: [{ id: 'B', name: 'Wave B', gunTime: GUN + min(5) }], cutoffSeconds: 2 * 3600 }],
  entrants: [
    ...[1, 2, 3].map((b) => runner(b)),
    ...[4, 5, 6, 7, 8].map((b) => runner(b)),
    // Started by wave B's gun, never read; and a seeded runner, slow on paper.
    runner(9, { waveId: 'B' }),
    runner(10, { seedSeconds: 3 * 3600 }),
    // Their gun went, but race control marked them DNS: never due anywhere.
    runner(11, { status: 'dns' }),
  ],
});

let primary: TestPrimary & { cookie: string };
let url: string;
const api = (method: string, path: string, body?: unknown) => call(url, method, path, { cookie: primary.cookie, body });
const report = async (): Promise<MonitoringReport> => {
  const res = await api('GET', `${EV}/monitoring`);
  expect(res.status).toBe(200);
  return res.body as MonitoringReport;
};

beforeAll(async () => {
  primary = await startWithOrganizer({ event });
  url = primary.server.url;
  const reads = [
    // Three runners through 5 km (the 2 km mat read none of them), five read only at the start.
    ...[1, 2, 3].flatMap((b) => [
      { point: 'start', chip: `C${b}`, time: GUN + b * 1000 },
      { point: '5k', chip: `C${b}`, time: GUN + min(20 + b) },
    ]),
    ...[4, 5, 6, 7, 8, 10].map((b) => ({ point: 'start', chip: `C${b}`, time: GUN + b * 1000 })),
  ];
  expect((await postReads(url, 'trust', primary.token, { reads })).status).toBe(200);
});
afterAll(() => primary.server.close());

describe('expected arrivals for every started runner', () => {
  it('lists start-only and wave-gun-started runners as overdue at the first mat, from the field pace', async () => {
    const r = await report();
    const overdue = new Map(r.overdue.map((o) => [o.bib, o]));
    for (const bib of ['4', '5', '6', '7', '8', '9']) {
      expect(overdue.get(bib), `bib ${bib}`).toMatchObject({ nextPoint: '2k', etaSource: 'field' });
    }
    // The field's slower quartile ran 5 km in 23 min: 2 km in about 9 min 12 s after each runner's start.
    expect(overdue.get('4')!.nextEta).toBe(GUN + 4000 + Math.round(((min(23) - 3000) * 2000) / 5000));
    // Wave B's runner is expected from wave B's gun.
    expect(overdue.get('9')!.nextEta).toBeGreaterThan(overdue.get('4')!.nextEta + min(4));
    // Those through 5 km are projected by the engine at 8 km, not overdue yet.
    expect(overdue.has('1')).toBe(false);
    // DNS is never due.
    expect(overdue.has('11')).toBe(false);
  });

  it('uses a seed time when the entrant file gives one, bounded by the cut-off pace', async () => {
    const r = await report();
    const seeded = r.overdue.find((o) => o.bib === '10');
    // 3 h for 10 km is slower than the 2 h cut-off: expected at the cut-off pace (12:00/km), 24 min for 2 km.
    expect(seeded).toMatchObject({ nextPoint: '2k', etaSource: 'cutoff', nextEta: GUN + 10_000 + min(24) });
  });

  it('calls the first mat silent with its device offline, then "no reads" once the device talks', async () => {
    const made = await api('POST', `${EV}/devices`, { name: '2 km mat' });
    expect(made.status).toBe(201);
    const device = made.body.device as { id: string };
    expect((await api('PUT', `${EV}/timing/devices/${device.id}`, { locations: { '2K': '2k' } })).status).toBe(200);

    const offline = (await report()).mats.find((m) => m.point === '2k')!;
    expect(offline).toMatchObject({ silent: true, alert: 'device-offline', lastReceivedAt: null });
    expect(offline.expectedNow).toBeGreaterThanOrEqual(7);
    expect(offline.devices.map((d) => d.name)).toEqual(['2 km mat']);

    // The device checks in with its token: it is online, and still reads nobody.
    const contact = await call(url, 'GET', '/api/events/trust/timing/device', { token: made.body.token });
    expect(contact.status).toBe(200);
    expect((await report()).mats.find((m) => m.point === '2k')).toMatchObject({ silent: true, alert: 'no-reads' });
    // The 5 km mat read its runners: no alert there (nobody is due since).
    expect((await report()).mats.find((m) => m.point === '5k')).toMatchObject({ silent: false, alert: null });
  });
});

describe('backup devices', () => {
  it("never lets a backup device's read override an earlier main read at the same point", async () => {
    const made = await api('POST', `${EV}/devices`, { name: '5 km backup' });
    const backup = made.body.token as string;
    const set = await call(url, 'PUT', '/api/events/trust/timing/device', { token: backup, body: { backup: true } });
    expect(set.status).toBe(200);
    expect(set.body.backup).toBe(true);
    // The backup box's clock runs early: it says runner 1 crossed 5 km a minute before the main mat did.
    expect((await postReads(url, 'trust', backup, { reads: [{ point: '5k', chip: 'C1', time: GUN + min(20) }] })).status).toBe(200);
    const one = (await api('GET', `${EV}/runners/1`)).body;
    expect(one.runner.splits.find((s: { point: string }) => s.point === '5k').time).toBe(GUN + min(21));
    // Where the main mat missed a runner, the backup's read counts.
    expect((await postReads(url, 'trust', backup, { reads: [{ point: '5k', chip: 'C4', time: GUN + min(26) }] })).status).toBe(200);
    const four = (await api('GET', `${EV}/runners/4`)).body;
    expect(four.runner.splits.find((s: { point: string }) => s.point === '5k').time).toBe(GUN + min(26));
  });
});
