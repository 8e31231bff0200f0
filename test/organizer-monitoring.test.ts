// The monitoring computations, pure: a real engine fed reads, a fixed clock, no server.
import { describe, expect, it } from 'vitest';
import { EventEngine } from '../shared/engine/event-engine';
import type { StoredRead } from '../shared/reads';
import type { RunnerDetail } from '../shared/views';
import { monitoringOptionsSchema, REPORT_LIST_LIMIT } from '../shared/organizer';
import { monitoringReport } from '../server/organizer/monitoring/monitoring-report';
import { overdueRunners } from '../server/organizer/monitoring/overdue';
import { flaggedRunner, isProvisional, missingPoints } from '../server/organizer/monitoring/course-cutting';
import { runnersBetweenMats } from '../server/organizer/monitoring/segments';
import { monitoredRunners } from '../server/organizer/monitoring/expected-arrival';
import { matStatuses } from '../server/organizer/monitoring/mat-status';
import { buildRace } from '../server/setup/race-builder';
import type { PointReadStats } from '../server/storage/read-stats';
import { GUN, min, smallEvent } from './fixtures';

function engineWith(reads: [point: string, chip: string, minutes: number][]) {
  const setup = smallEvent({
    races: [
      buildRace({ id: '10k', name: '10 km', distance: 10_000, gunTime: GUN, splits: [2000, 4000, 6000, 8000] }),
      buildRace({ id: 'loop', name: 'Loop', gunTime: GUN, loop: { length: 700, laps: 3 } }),
    ],
    entrants: smallEvent().entrants.map((e) => (e.raceId === 'loop' ? e : { ...e })),
  });
  const engine = new EventEngine(setup);
  reads.forEach(([point, chip, minutes], i) => engine.applyRead({ seq: i + 1, point, chip, bib: null, time: GUN + minutes * 60_000, device: 'mat' } satisfies StoredRead));
  return engine;
}

const runnersOf = (engine: EventEngine) => new Map(engine.event.races.map((r) => [r.id, engine.standings(r.id)]));
const options = monitoringOptionsSchema.parse({ overdueToleranceSeconds: 600, silenceSeconds: 180 });

describe('overdue runners', () => {
  const engine = engineWith([
    ['start', 'C1', 0],
    ['2k', 'C1', 10],
    ['start', 'C2', 0.2],
    ['2k', 'C2', 8],
    ['4k', 'C2', 16],
  ]);
  const runners = [...runnersOf(engine).values()].flat();
  const eta1 = engine.runner('1')!.nextEta!;

  it('lists a runner once the projected arrival plus the tolerance has passed, longest overdue first', () => {
    expect(engine.runner('1')!.nextPoint).toBe('4k');
    expect(overdueRunners(runners, eta1 + min(10), min(10))).toEqual([]);
    const later = overdueRunners(runners, eta1 + min(30), min(10));
    expect(later.map((r) => r.bib)).toEqual(['1', '2']);
    expect(later[0]).toMatchObject({ bib: '1', name: 'Ana', lastPoint: '2k', lastTime: GUN + min(10), nextPoint: '4k', overdueMs: min(20) });
  });

  it('never lists a finished, DNF or not-started runner', () => {
    const done = engineWith([['start', 'C1', 0], ['2k', 'C1', 10], ['finish', 'C1', 50]]);
    expect(overdueRunners([...runnersOf(done).values()].flat(), GUN + min(600), 0)).toEqual([]);
  });
});

describe('silent mats', () => {
  const engine = engineWith([['start', 'C1', 0], ['2k', 'C1', 10], ['start', 'C2', 0], ['2k', 'C2', 9]]);
  const eta = engine.runner('1')!.nextEta!;
  const firstEta = Math.min(eta, engine.runner('2')!.nextEta!);
  const stats = (lastReceivedAt: number | null): PointReadStats[] => [
    { point: '2k', lastMinute: 0, lastFiveMinutes: 2, lastReceivedAt: GUN + min(10), lastReadTime: GUN + min(10), devices: [{ id: 'd1', lastReceivedAt: GUN + min(10) }] },
    ...(lastReceivedAt === null ? [] : [{ point: '4k', lastMinute: 1, lastFiveMinutes: 1, lastReceivedAt, lastReadTime: lastReceivedAt, devices: [] }]),
  ];
  const twoDue = { ...options, silentMinRunners: 2 };
  const report = (now: number, last: number | null, opts = twoDue) =>
    monitoringReport({ setup: engine.event, runners: runnersOf(engine), stats: stats(last), devices: [{ id: 'd1', name: '2 km mat', lastSeenAt: GUN + min(11) }], reviews: new Map(), unmatchedReads: 0, now, options: opts });
  const mat = (now: number, last: number | null, point = '4k', opts = twoDue) => report(now, last, opts).mats.find((m) => m.point === point)!;

  it('alerts when runners are due at a mat that has read nothing for the silence window', () => {
    expect(mat(eta + min(5), null)).toMatchObject({ expectedNow: 2, silent: true, readsLastMinute: 0 });
    expect(mat(eta + min(5), firstEta - min(1))).toMatchObject({ expectedNow: 2, silent: true });
    // Read within the window: alive.
    expect(mat(firstEta + min(1), firstEta - min(1))).toMatchObject({ silent: false });
  });

  it('does not blame the mat for runners due before its last read (they are late, not missed)', () => {
    expect(mat(eta + min(5), eta + min(1))).toMatchObject({ expectedNow: 0, silent: false });
  });

  it('needs several runners due: one may simply have stopped', () => {
    expect(mat(eta + min(5), null, '4k', options)).toMatchObject({ expectedNow: 2, silent: false });
  });

  it('stays quiet while nobody is due yet', () => {
    expect(mat(GUN + min(12), null)).toMatchObject({ expectedNow: 0, silent: false });
  });

  it("shows the device's last contact per mat", () => {
    expect(mat(eta, null, '2k').devices).toEqual([{ id: 'd1', name: '2 km mat', lastContactAt: GUN + min(11), backup: false }]);
  });
});

describe('missing splits and possible course cutting', () => {
  it('one missed mat is a missing split; two in a row is a possible cut', () => {
    const engine = engineWith([
      ['start', 'C1', 0], ['2k', 'C1', 8], ['6k', 'C1', 24], ['8k', 'C1', 32], ['finish', 'C1', 40],
      ['start', 'C2', 0], ['2k', 'C2', 8], ['8k', 'C2', 33], ['finish', 'C2', 41],
    ]);
    const race = engine.race('10k')!;
    expect(missingPoints(race, engine.runner('1')!)).toEqual([['4k']]);
    expect(flaggedRunner(race, engine.runner('1')!, undefined)).toMatchObject({ missing: ['4k'], possibleCut: false, reviewed: false });
    const cut = flaggedRunner(race, engine.runner('2')!, undefined)!;
    expect(cut).toMatchObject({ missing: ['4k', '6k'], possibleCut: true });
    expect(cut.flags).toContain('missed 2 mats in a row: 4k, 6k');
  });

  it('an impossible pace is a possible cut', () => {
    const engine = engineWith([['start', 'C1', 0], ['2k', 'C1', 8], ['4k', 'C1', 9]]);
    expect(flaggedRunner(engine.race('10k')!, engine.runner('1')!, undefined)).toMatchObject({ possibleCut: true });
  });

  it('stays provisional until reviewed, and again when a new flag appears', () => {
    const engine = engineWith([['start', 'C2', 0], ['2k', 'C2', 8], ['8k', 'C2', 33], ['finish', 'C2', 41]]);
    const race = engine.race('10k')!;
    const flags = flaggedRunner(race, engine.runner('2')!, undefined)!.flags;
    expect(isProvisional(race, engine.runner('2')!, undefined)).toBe(true);
    expect(isProvisional(race, engine.runner('2')!, flags)).toBe(false);
    const other = engineWith([['start', 'C2', 0], ['8k', 'C2', 33], ['finish', 'C2', 41]]);
    expect(isProvisional(race, other.runner('2')!, flags)).toBe(true);
  });

  it('a clean runner is not flagged', () => {
    const engine = engineWith([['start', 'C1', 0], ['2k', 'C1', 8], ['4k', 'C1', 16]]);
    expect(flaggedRunner(engine.race('10k')!, engine.runner('1')!, undefined)).toBeNull();
  });
});

describe('runners between mats', () => {
  it('counts runners on course per segment, loops per lap', () => {
    const engine = engineWith([
      ['start', 'C1', 0], ['2k', 'C1', 8],
      ['start', 'C2', 0], ['2k', 'C2', 8], ['4k', 'C2', 16],
      ['start', 'C3', 0],
      ['lap', 'C5', 3], ['lap', 'C5', 6],
    ]);
    const segments = runnersBetweenMats(engine.race('10k')!, engine.standings('10k'));
    expect(segments.map((s) => `${s.from}-${s.to}:${s.runners}`)).toEqual(['start-2k:1', '2k-4k:1', '4k-6k:1', '6k-8k:0', '8k-finish:0']);
    const lapRace = { ...engine.race('loop')!, timingPoints: [{ id: 'lap', name: 'Lap', kind: 'lap' as const, distance: 0 }], loop: { length: 700, laps: 3, lapPoint: 'lap' } };
    expect(runnersBetweenMats(lapRace, [{ ...engine.runner('5')!, laps: 2, status: 'onCourse' } as RunnerDetail]).map((s) => s.runners)).toEqual([0, 0, 1]);
  });
});

describe('report size', () => {
  it('lists at most REPORT_LIST_LIMIT runners per list and counts them all', () => {
    const setup = smallEvent({
      races: [buildRace({ id: '10k', name: '10 km', distance: 10_000, gunTime: GUN, splits: [2000, 5000] })],
      entrants: Array.from({ length: REPORT_LIST_LIMIT + 100 }, (_, i) => ({ bib: String(i + 1), chip: `C${i + 1}`, name: `R${i}`, gender: 'F' as const, raceId: '10k' })),
    });
    const engine = new EventEngine(setup);
    for (let i = 1; i <= REPORT_LIST_LIMIT + 100; i++) {
      engine.applyRead({ seq: i * 2, point: 'start', chip: `C${i}`, bib: null, time: GUN, device: 'mat' });
      // Straight from 2 km to the finish: 5 km missed, flagged.
      engine.applyRead({ seq: i * 2 + 1, point: '2k', chip: `C${i}`, bib: null, time: GUN + min(8) + i * 1000, device: 'mat' });
    }
    const report = monitoringReport({ setup, runners: runnersOf(engine), stats: [], devices: [], reviews: new Map(), unmatchedReads: 0, now: GUN + min(300), options });
    expect(report.overdue).toHaveLength(REPORT_LIST_LIMIT);
    expect(report.overdueTotal).toBe(REPORT_LIST_LIMIT + 100);
    // Longest overdue first: the runner who reached 2 km first is due at 5 km first.
    expect(report.overdue[0].bib).toBe('1');
    expect(report.flaggedTotal).toBe(0);
  });
});

describe('expected arrivals and device contact (pure)', () => {
  const race10k = (extra: Partial<ReturnType<typeof buildRace>> = {}) => ({ ...buildRace({ id: '10k', name: '10 km', distance: 10_000, gunTime: GUN, splits: [2000, 5000] }), ...extra });
  const setupWith = (entrants: { bib: string; seedSeconds?: number; status?: 'dns'; waveId?: string }[], race = race10k()) =>
    smallEvent({ races: [race], entrants: entrants.map((e) => ({ chip: `C${e.bib}`, name: `R${e.bib}`, gender: 'F' as const, raceId: '10k', ...e })) });

  it('gives a start-only runner an arrival from the field, a seed, or the cut-off; never a DNS or a runner whose gun has not gone', () => {
    const setup = setupWith(
      [{ bib: '1' }, { bib: '2' }, { bib: '3', seedSeconds: 2400 }, { bib: '4', seedSeconds: 9000 }, { bib: '5', status: 'dns' }, { bib: '6', waveId: 'late' }],
      race10k({ cutoffSeconds: 7200, waves: [{ id: 'late', name: 'Late', gunTime: GUN + min(60) }] }),
    );
    const engine = new EventEngine(setup);
    [['start', 'C1', 0], ['5k', 'C1', 25], ['start', 'C2', 0], ['start', 'C3', 0], ['start', 'C4', 0]].forEach(([point, chip, m], i) =>
      engine.applyRead({ seq: i + 1, point: point as string, chip: chip as string, bib: null, time: GUN + (m as number) * 60_000, device: 'mat' }),
    );
    const rows = new Map(monitoredRunners(engine.race('10k')!, engine.standings('10k'), (bib) => setup.entrants.find((e) => e.bib === bib), GUN + min(30)).map((r) => [r.bib, r]));
    expect(rows.get('1')).toMatchObject({ nextPoint: 'finish' });
    expect(rows.get('1')!.etaSource).toBeUndefined();
    // The field: 5 km in 25 min, 5:00/km; 2 km is 10 min after the start.
    expect(rows.get('2')).toMatchObject({ nextPoint: '2k', nextEta: GUN + min(10), etaSource: 'field' });
    expect(rows.get('3')).toMatchObject({ nextEta: GUN + min(8), etaSource: 'seed' });
    // 2:30 declared for a 2 h cut-off: expected at the cut-off pace, 12:00/km.
    expect(rows.get('4')).toMatchObject({ nextEta: GUN + min(24), etaSource: 'cutoff' });
    expect(rows.get('5')).toMatchObject({ status: 'dns', nextEta: null });
    expect(rows.get('6')).toMatchObject({ status: 'registered', nextEta: null });
  });

  it('tells a mat whose device is offline from one that talks but reads nobody', () => {
    const setup = setupWith([{ bib: '1' }, { bib: '2' }, { bib: '3' }]);
    const due = ['1', '2', '3'].map((bib) => ({ status: 'onCourse' as const, nextPoint: '2k', nextEta: GUN + min(10), etaSource: 'field' as const, bib }));
    const mat = (lastSeenAt: number | null) =>
      matStatuses({ setup, runners: due, stats: [], devices: [{ id: 'd2', name: '2 km box', lastSeenAt, points: ['2k'] }], now: GUN + min(30), silenceMs: min(3), minRunners: 3 }).find((m) => m.point === '2k')!;
    expect(mat(null)).toMatchObject({ silent: true, alert: 'device-offline', expectedNow: 3, devices: [{ id: 'd2', name: '2 km box', lastContactAt: null, backup: false }] });
    expect(mat(GUN + min(20))).toMatchObject({ alert: 'device-offline' });
    expect(mat(GUN + min(29))).toMatchObject({ silent: true, alert: 'no-reads' });
  });

  it('calls a mat silent by its last passing, even when its reads arrived late in one batch', () => {
    const setup = setupWith(['1', '2', '3', '4', '5', '6', '7', '8'].map((bib) => ({ bib })));
    const now = GUN + min(40);
    // Five runners read only at the start, due at 2 km by the field's pace; the three others
    // passed 2 km 12 minutes after the gun, and the device posted all of it a few seconds ago.
    const due = ['4', '5', '6', '7', '8'].map((bib) => ({ status: 'onCourse' as const, nextPoint: '2k', nextEta: GUN + min(12), etaSource: 'field' as const, bib }));
    const late: PointReadStats = { point: '2k', lastMinute: 3, lastFiveMinutes: 3, lastReceivedAt: now - 5_000, lastReadTime: GUN + min(12), devices: [{ id: 'd2', lastReceivedAt: now - 5_000 }] };
    const mat = matStatuses({ setup, runners: due, stats: [late], devices: [{ id: 'd2', name: '2 km box', lastSeenAt: now - 5_000, points: ['2k'] }], now, silenceMs: min(3), minRunners: 3 }).find((m) => m.point === '2k')!;
    expect(mat).toMatchObject({ silent: true, alert: 'no-reads', expectedNow: 5, lastReadTime: GUN + min(12) });
    // The same passings received live are silent alike: when they arrived does not matter.
    const live = matStatuses({ setup, runners: due, stats: [{ ...late, lastReceivedAt: GUN + min(12) }], devices: [], now, silenceMs: min(3), minRunners: 3 }).find((m) => m.point === '2k')!;
    expect(live).toMatchObject({ silent: true, expectedNow: 5 });
  });
});
