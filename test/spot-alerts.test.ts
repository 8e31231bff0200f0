// "My spot": the expected time at a point of the course from the engine's projection, and the spot
// alert about ten minutes before, told once; on runner rows as the engine publishes them.
import { describe, expect, it } from 'vitest';
import { alertFacts, alertPayload } from '../shared/alert-texts';
import { approachOf } from '../shared/engine/approaching';
import type { Race } from '../shared/domain';
import { nextSpotDistance, spotApproach, spotProblem } from '../shared/spot';
import type { RunnerDetail } from '../shared/views';
import { SpotAlerts } from '../server/push/spot-alerts';
import { eventInfo } from '../server/live/event-info';
import { GUN, min, smallEvent } from './fixtures';

const info = eventInfo(smallEvent());
const tenK = info.races.find((r) => r.id === '10k')! as Race;
const loop = info.races.find((r) => r.id === 'loop')! as Race;

/** Ana passed 5 km at 25:00 (5:00/km); the engine projects 10:00 at the finish with a range. */
function ana(changes: Partial<RunnerDetail> = {}): RunnerDetail {
  return {
    bib: '1', name: 'Ana', gender: 'F', ageGroup: null, country: null, raceId: '10k', status: 'onCourse', private: false, lastPoint: '5k', lastDistance: 5000,
    lastTime: GUN + min(25), lastNet: min(25), lastGun: min(25), startTime: GUN, netTime: null, gunTime: null, laps: null, pace: 300, projectedNet: min(50),
    projectedRange: [min(48), min(54)], nextPoint: 'finish', nextEta: GUN + min(50), nextEtaRange: [GUN + min(48), GUN + min(54)], flags: [],
    splits: [{ point: '5k', name: '5 km', distance: 5000, time: GUN + min(25), gun: min(25), net: min(25), segmentPace: 300 }], waveId: null, ...changes,
  };
}

describe('my spot', () => {
  it('gives the expected time and range at a point between mats, on the engine’s line to the next mat', () => {
    const a = spotApproach(tenK, { raceId: '10k', distance: 7000 }, ana())!;
    expect(a.distance).toBe(7000);
    expect(a.eta).toBe(GUN + min(35));
    expect(a.range).toEqual([GUN + min(34.2), GUN + min(36.6)]);
    // At the finish it is the engine's own projection.
    const atFinish = spotApproach(tenK, { raceId: '10k', distance: 10_000 }, ana())!;
    expect(atFinish.eta).toBe(approachOf(tenK, 'finish', ana())!.eta);
    expect(atFinish.range).toEqual([GUN + min(48), GUN + min(54)]);
  });

  it('has no time for a spot behind the runner, on another course, or for a runner not on course', () => {
    expect(spotApproach(tenK, { raceId: '10k', distance: 4000 }, ana())).toBeNull();
    expect(spotApproach(loop, { raceId: 'loop', distance: 100 }, ana())).toBeNull();
    expect(spotApproach(tenK, { raceId: '10k', distance: 7000 }, ana({ status: 'finished' }))).toBeNull();
  });

  it('on a loop, is the next lap’s pass of the spot, until the last lap', () => {
    expect(nextSpotDistance(loop, { raceId: 'loop', distance: 300 }, 0)).toBe(300);
    expect(nextSpotDistance(loop, { raceId: 'loop', distance: 300 }, 700)).toBe(1000);
    expect(nextSpotDistance(loop, { raceId: 'loop', distance: 300 }, 1000)).toBe(1700);
    expect(nextSpotDistance(loop, { raceId: 'loop', distance: 300 }, 1800)).toBeNull();
  });

  it('refuses a spot off the course, saying why', () => {
    expect(spotProblem(tenK, { raceId: '10k', distance: 10_001 })).toBe('is beyond the course of 10 km (10000 m)');
    expect(spotProblem(loop, { raceId: 'loop', distance: 701 })).toBe('is beyond the course of Loop race (700 m)');
    expect(spotProblem(undefined, { raceId: 'x', distance: 1 })).toBe('no race "x" in this event');
    expect(spotProblem(tenK, { raceId: '10k', distance: 6500 })).toBeNull();
  });

  it('words the alert in English and Persian, with a tag of its own', () => {
    const a = spotApproach(tenK, { raceId: '10k', distance: 7000 }, ana())!;
    const intent = { kind: 'spot' as const, eventId: info.id, runner: ana(), spot: { distance: a.distance, eta: a.eta, range: a.range } };
    const facts = alertFacts(intent, 'Asia/Tehran', null, null)!;
    const en = alertPayload(intent, facts, 'en');
    expect(en).toMatchObject({ kind: 'spot', tag: 'test-event:1:spot:7000', url: '/e/test-event/runner/1', title: 'Ana (1) is about 10 minutes from your spot' });
    // 07:34–07:37 UTC is 11:04–11:07 in Tehran.
    expect(en.body).toBe('expected at 7 km 11:04–11:07');
    expect(alertPayload(intent, facts, 'fa').title).toBe('Ana (1) حدود ۱۰ دقیقه با جای شما فاصله دارد');
  });
});

describe('spot alerts', () => {
  function watch(now: { t: number }) {
    const marks = new Set<string>();
    const runners = new Map<string, RunnerDetail>();
    const spots = new SpotAlerts({
      race: (_e, raceId) => info.races.find((r) => r.id === raceId) as Race | undefined,
      runner: (_e, bib) => runners.get(bib),
      told: (e, bib, mark) => marks.has(`${e}/${bib}/${mark}`),
      tell: (e, bib, mark) => marks.add(`${e}/${bib}/${mark}`),
      wall: () => now.t,
    });
    return { spots, marks, runners };
  }

  it('comes ten minutes before the runner is expected at the spot, once', () => {
    const now = { t: GUN + min(20) };
    const { spots } = watch(now);
    expect(spots.follow(info.id, 'sub-1', { raceId: '10k', distance: 7000 }, ['1'])).toEqual([]);
    // Ana at 5 km: expected at 7 km at 35:00, so the alert is due at 25:00; her read is 25:00.
    now.t = GUN + min(24);
    const found = spots.changed(info.id, [ana()]);
    // The race clock is the later of the wall clock and the latest read: the read says 25:00.
    expect(found.map((f) => [f.subscriptionId, f.intent.kind, f.intent.spot?.distance, f.intent.spot?.eta])).toEqual([['sub-1', 'spot', 7000, GUN + min(35)]]);
    now.t = GUN + min(26);
    expect(spots.tick()).toEqual([]);
    expect(spots.changed(info.id, [ana()])).toEqual([]);
  });

  it('waits for the time, found by the tick, and skips a runner long overdue', () => {
    const now = { t: GUN + min(25) };
    const { spots, runners } = watch(now);
    runners.set('1', ana());
    // Expected at 9 km at 45:00: due at 35:00.
    expect(spots.follow(info.id, 'sub-2', { raceId: '10k', distance: 9000 }, ['1'])).toEqual([]);
    now.t = GUN + min(34.9);
    expect(spots.tick()).toEqual([]);
    now.t = GUN + min(35);
    expect(spots.tick().map((f) => f.intent.spot?.distance)).toEqual([9000]);

    const late = watch({ t: GUN + min(60) });
    late.runners.set('1', ana());
    expect(late.spots.follow(info.id, 'sub-3', { raceId: '10k', distance: 9000 }, ['1'])).toEqual([]);
  });

  it('is told once over a restart: the marks are what a new watcher starts from', () => {
    const now = { t: GUN + min(25) };
    const first = watch(now);
    first.runners.set('1', ana());
    expect(first.spots.follow(info.id, 'sub-4', { raceId: '10k', distance: 6000 }, ['1'])).toHaveLength(1);
    const again = new SpotAlerts({
      race: (_e, raceId) => info.races.find((r) => r.id === raceId) as Race | undefined,
      runner: () => ana(),
      told: (e, bib, mark) => first.marks.has(`${e}/${bib}/${mark}`),
      tell: () => {},
      wall: () => now.t,
    });
    expect(again.follow(info.id, 'sub-4', { raceId: '10k', distance: 6000 }, ['1'])).toEqual([]);
    // Another spot of the same subscriber is another alert.
    expect(again.follow(info.id, 'sub-4', { raceId: '10k', distance: 6500 }, ['1'])).toHaveLength(1);
  });

  it('tells nothing of a private runner', () => {
    const now = { t: GUN + min(25) };
    const { spots, runners } = watch(now);
    runners.set('1', ana({ private: true }));
    expect(spots.follow(info.id, 'sub-5', { raceId: '10k', distance: 6000 }, ['1'])).toEqual([]);
  });
});
