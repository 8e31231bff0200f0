// The map's logic without a browser: a runner's estimated place on the course, and density.
import { describe, expect, it } from 'vitest';
import { along } from '@turf/along';
import { lineString } from '@turf/helpers';
import { demoRaces, demoGuns } from '../server/demo/demo-event';
import type { RunnerRow } from '../shared/views';
import { courseLine, positionAt } from '../client/src/map/course-line';
import { certainty, estimate, nextMatDistance, projectedDistance, trackable, DEFAULT_PACE_S_PER_KM } from '../client/src/map/runner-estimate';
import { densityPerKm } from '../client/src/map/density';
import { fieldTrackables, latestFieldTime } from '../client/src/map/field-runners';
import { fieldFromRows } from '../shared/field-state';

const T0 = Date.UTC(2025, 3, 18, 7, 0, 0);
const [marathon, women, loop] = demoRaces(demoGuns(T0));

function row(over: Partial<RunnerRow>): RunnerRow {
  return {
    bib: '1', name: 'Sara Ahmadi', gender: 'F', ageGroup: 'F35', country: 'IRN', raceId: 'marathon', status: 'onCourse', private: false,
    lastPoint: '10k', lastDistance: 10_000, lastTime: T0 + 3_000_000, lastNet: 3_000_000, lastGun: 3_000_000, startTime: T0,
    netTime: null, gunTime: null, laps: null, pace: 300, projectedNet: null, projectedRange: null, nextPoint: '15k', nextEta: null, nextEtaRange: null, flags: [], ...over,
  };
}

describe('course line', () => {
  it('puts a distance where turf puts it along the line', () => {
    const line = courseLine(marathon)!;
    const geo = lineString(marathon.course!);
    for (const d of [0, 1234, 21_097.5, 40_000]) {
      const [lon, lat] = positionAt(line, d * (line.lineLength / marathon.distance));
      const expected = along(geo, d * (line.lineLength / marathon.distance), { units: 'meters' }).geometry.coordinates;
      expect(lon).toBeCloseTo(expected[0], 4);
      expect(lat).toBeCloseTo(expected[1], 4);
    }
  });

  it('ends at the finish and wraps laps on a loop', () => {
    const m = courseLine(marathon)!;
    expect(positionAt(m, marathon.distance)).toEqual(marathon.course!.at(-1));
    const l = courseLine(loop)!;
    const a = positionAt(l, 350);
    const b = positionAt(l, 350 + 3 * 700);
    expect(b[0]).toBeCloseTo(a[0], 9);
    expect(b[1]).toBeCloseTo(a[1], 9);
  });

  it('has no line without a course', () => {
    expect(courseLine({ ...women, course: undefined })).toBeNull();
  });
});

describe('runner estimate', () => {
  it('runs on from the last mat at the runner’s own pace', () => {
    const t = trackable(row({}), marathon)!;
    const e = estimate(t, T0 + 3_300_000);
    expect(e.distance).toBeGreaterThan(10_800);
    expect(e.distance).toBeLessThan(11_000);
    expect(e.age).toBe(300_000);
    expect(e.overdue).toBe(false);
  });

  it('waits at the next mat, overdue, instead of running past it', () => {
    const t = trackable(row({}), marathon)!;
    expect(t.nextMat).toBe(15_000);
    const e = estimate(t, T0 + 6_000_000);
    expect(e.distance).toBe(15_000);
    expect(e.overdue).toBe(true);
  });

  it('projects on the map exactly as the shared projector does', () => {
    for (const r of [row({}), row({ lastDistance: 0, lastNet: 0 }), row({ lastDistance: 30_000, lastNet: 9_500_000 })]) {
      const t = trackable(r, marathon)!;
      for (const net of [0, 60_000, 1_000_000, 3_000_000, 9_000_000, 12_000_000]) {
        expect(projectedDistance(t, net)).toBeCloseTo(t.projector.distanceAt(net, Infinity), 6);
      }
    }
  });

  it('reaches the next mat exactly at the ETA the engine published', () => {
    const t = trackable(row({ nextEta: T0 + 4_400_000 }), marathon)!;
    expect(estimate(t, T0 + 4_400_000).distance).toBeCloseTo(15_000, 6);
    expect(estimate(t, T0 + 3_700_000).distance).toBeCloseTo(12_500, 6);
    expect(estimate(t, T0 + 4_500_000).overdue).toBe(true);
  });

  it('spreads along the course over the ETA range, more the longer since the last mat', () => {
    const t = trackable(row({ nextEta: T0 + 4_400_000, nextEtaRange: [T0 + 4_200_000, T0 + 4_700_000] }), marathon)!;
    const widths = [3_100_000, 3_400_000, 3_800_000, 4_100_000].map((at) => {
      const e = estimate(t, T0 + at);
      expect(e.low).toBeLessThanOrEqual(e.distance);
      expect(e.high).toBeGreaterThanOrEqual(e.distance);
      expect(e.low).toBeGreaterThanOrEqual(10_000);
      expect(e.high).toBeLessThanOrEqual(15_000);
      return e.high - e.low;
    });
    for (let i = 1; i < widths.length; i++) expect(widths[i]).toBeGreaterThan(widths[i - 1]);
    // At the early end of the range a runner as fast as it allows is at the mat; the slow end is 3/5 of the way.
    const atEarly = estimate(t, T0 + 4_200_000);
    expect(atEarly.high).toBeCloseTo(15_000, 6);
    expect(atEarly.low).toBeCloseTo(10_000 + 5_000 * (1_200_000 / 1_700_000), 6);
    // No range, no spread.
    const bare = estimate(trackable(row({ nextEta: T0 + 4_400_000 }), marathon)!, T0 + 3_800_000);
    expect(bare.high - bare.low).toBe(0);
  });

  it('heads for the field\'s ETA at the first mat when seen only at the start', () => {
    const t = trackable(row({ lastPoint: 'start', lastDistance: 0, lastNet: 0, lastTime: T0, nextPoint: '5k', nextEta: T0 + 1_500_000, nextEtaRange: [T0 + 1_200_000, T0 + 1_900_000] }), marathon)!;
    expect(estimate(t, T0 + 1_500_000).distance).toBeCloseTo(5000, 6);
    const e = estimate(t, T0 + 600_000);
    expect(e.distance).toBeCloseTo(2000, 6);
    expect(e.high - e.low).toBeGreaterThan(800);
  });

  it('grows less certain the longer since the last mat', () => {
    expect(certainty(0)).toBe(1);
    expect(certainty(10 * 60_000)).toBeLessThan(1);
    expect(certainty(10 * 60_000)).toBeGreaterThan(certainty(15 * 60_000));
    expect(certainty(5 * 3_600_000)).toBe(0.3);
  });

  it('assumes a default pace for a runner seen only at the start', () => {
    const t = trackable(row({ lastPoint: 'start', lastDistance: 0, lastNet: 0, lastTime: T0 }), marathon)!;
    expect(estimate(t, T0 + DEFAULT_PACE_S_PER_KM * 1000).distance).toBeCloseTo(1000, 0);
    expect(t.nextMat).toBe(5000);
  });

  it('draws nobody private, finished, out or not started', () => {
    expect(trackable(row({ private: true, name: null }), marathon)).toBeNull();
    for (const status of ['finished', 'dnf', 'dns', 'dq', 'registered'] as const) expect(trackable(row({ status }), marathon)).toBeNull();
    expect(trackable(row({ startTime: null }), marathon)).toBeNull();
  });

  it('counts the next lap on a loop, up to the race distance', () => {
    expect(nextMatDistance(loop, 0)).toBe(700);
    expect(nextMatDistance(loop, 1400)).toBe(2100);
    expect(nextMatDistance(loop, 4200)).toBe(4200);
    expect(nextMatDistance(women, 5000)).toBe(10_000);
  });
});

describe('runners from the field', () => {
  it('draws from the field exactly what the rows give', () => {
    const rows = [
      row({}),
      row({ bib: '2', lastDistance: 15_000, lastNet: 4_600_000, lastTime: T0 + 4_600_000, nextEta: T0 + 6_100_000, nextEtaRange: [T0 + 5_900_000, T0 + 6_400_000] }),
      row({ bib: '3', status: 'finished' }),
      row({ bib: '4', private: true, name: null }),
    ];
    const field = fieldFromRows(rows);
    const fromField = fieldTrackables(field, marathon);
    expect(fromField.map((t) => t.bib)).toEqual(['1', '2']);
    for (const t of fromField) {
      const fromRow = trackable(rows.find((r) => r.bib === t.bib)!, marathon)!;
      for (const at of [T0 + 4_700_000, T0 + 5_500_000]) expect(estimate(t, at)).toEqual(estimate(fromRow, at));
    }
    expect(latestFieldTime(field)).toBe(T0 + 4_600_000);
  });

  it('draws a runner from their phone tracker’s fix when it is newer than the last mat', () => {
    const eta = { nextEta: T0 + 4_500_000, nextEtaRange: [T0 + 4_400_000, T0 + 4_700_000] as [number, number] };
    const field = fieldFromRows([row({ ...eta }), row({ bib: '2', ...eta })], [
      { bib: '1', distance: 12_000, time: T0 + 3_600_000, speed: 3.3 },
      // A fix older than the last mat changes nothing.
      { bib: '2', distance: 9_000, time: T0 + 2_900_000, speed: null },
    ]);
    const [gps, mats] = fieldTrackables(field, marathon);
    expect(estimate(gps, T0 + 3_600_000).distance).toBeCloseTo(12_000, 3);
    // Still heading for the next mat at the engine's ETA.
    expect(estimate(gps, T0 + 4_500_000).distance).toBeCloseTo(15_000, 3);
    expect(estimate(gps, T0 + 3_600_000).age).toBe(0);
    expect(estimate(mats, T0 + 3_600_000)).toEqual(estimate(trackable(row({ bib: '2', ...eta }), marathon)!, T0 + 3_600_000));
    // A fix past the mat the ETA was for: on at the runner's own pace from the fix.
    const past = fieldTrackables(fieldFromRows([row({ ...eta })], [{ bib: '1', distance: 16_000, time: T0 + 4_800_000, speed: null }]), marathon)[0];
    expect(past.nextMat).toBe(20_000);
    expect(estimate(past, T0 + 4_900_000).distance).toBeGreaterThan(16_000);
  });
});

describe('density per km', () => {
  it('counts runners in each kilometre, the last one included', () => {
    const d = new Float64Array([0, 999, 1000, 4500, 9999.9, 10_000, Number.NaN]);
    expect(densityPerKm(d, d.length, 10_000)).toEqual([2, 1, 0, 0, 1, 0, 0, 0, 0, 2]);
  });

  it('only reads the first `count` entries', () => {
    expect(densityPerKm(new Float64Array([500, 500, 500]), 2, 2000)).toEqual([2, 0]);
  });
});
