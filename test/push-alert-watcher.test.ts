// Which changes of a followed runner make an alert: the watcher alone, on runner rows built by hand.
import { describe, expect, it } from 'vitest';
import type { EventInfo } from '../shared/domain';
import type { RunnerDetail, Split } from '../shared/views';
import { AlertWatcher } from '../shared/alert-watcher';
import { eventInfo } from '../server/live/event-info';
import { parsePushServices, endpointProblem } from '../server/push/push-services';
import { loadConfig } from '../server/config';
import { GUN, min, smallEvent } from './fixtures';

const info: EventInfo = eventInfo(smallEvent());

const split = (point: string, name: string, at: number): Split => ({ point, name, distance: 0, time: GUN + at, gun: at, net: at, segmentPace: 300 });

function runner(bib: string, changes: Partial<RunnerDetail>): RunnerDetail {
  return {
    bib, name: 'Ana', gender: 'F', ageGroup: null, country: null, raceId: '10k', status: 'onCourse', private: false, lastPoint: null, lastDistance: 0,
    lastTime: null, lastNet: null, lastGun: null, startTime: GUN, netTime: null, gunTime: null, laps: null, pace: null, projectedNet: null,
    projectedRange: null, nextPoint: null, nextEta: null, nextEtaRange: null, flags: [], splits: [], waveId: null, ...changes,
  };
}

const delta = (...runners: RunnerDetail[]): RunnerDetail[] => runners;

describe('alert watcher', () => {
  const followed = new Set(['1']);
  const watcher = () => new AlertWatcher((_e, bib) => followed.has(bib));

  it('tells new passings only, not what came before the follow, and nothing of runners nobody follows', () => {
    const w = watcher();
    w.follow(info.id, runner('1', { splits: [split('start', 'Start', 0)] }), '1');
    const kinds = w.changed(info.id, delta(runner('1', { splits: [split('start', 'Start', 0), split('5k', '5 km', min(25))] }), runner('2', { splits: [split('5k', '5 km', min(20))] })), info);
    expect(kinds.map((i) => [i.kind, i.runner.bib, i.splitIndex])).toEqual([['passing', '1', 1]]);
  });

  it('tells the finish once (not as a passing), the finish estimate once, and DNF and DQ', () => {
    const w = watcher();
    w.follow(info.id, runner('1', {}), '1');
    const near = runner('1', { splits: [split('5k', '5 km', min(25))], nextPoint: 'finish', nextEtaRange: [GUN + min(48), GUN + min(53)] });
    expect(w.changed(info.id, delta(near), info).map((i) => i.kind)).toEqual(['passing', 'expected']);
    expect(w.changed(info.id, delta(near), info)).toEqual([]);
    const done = runner('1', { status: 'finished', netTime: min(50), splits: [split('5k', '5 km', min(25)), split('finish', 'Finish', min(50))] });
    expect(w.changed(info.id, delta(done), info).map((i) => i.kind)).toEqual(['finish']);
    expect(w.changed(info.id, delta({ ...done, status: 'dq' }), info).map((i) => i.kind)).toEqual(['dq']);
    const other = watcher();
    other.follow(info.id, runner('1', {}), '1');
    expect(other.changed(info.id, delta(runner('1', { status: 'dnf' })), info).map((i) => i.kind)).toEqual(['dnf']);
  });

  it('tells nothing of a runner made private', () => {
    const w = watcher();
    w.follow(info.id, runner('1', {}), '1');
    expect(w.changed(info.id, delta(runner('1', { private: true, splits: [split('5k', '5 km', min(25))] })), info)).toEqual([]);
  });
});

describe('PUSH_SERVICES', () => {
  it('takes https origins and *.host wildcards, and says what is wrong with anything else', () => {
    expect(loadConfig({}).PUSH_SERVICES.map((s) => s.origin)).toContain('https://*.notify.windows.com');
    expect(parsePushServices('http://push.example')).toMatch(/not https/);
    expect(parsePushServices('https://push.example/path')).toMatch(/not an origin/);
    expect(parsePushServices('https://a.*.example')).toMatch(/wildcard/);
    expect(parsePushServices(' , ')).toMatch(/at least one/);
    expect(() => loadConfig({ PUSH_SERVICES: 'ftp://x' })).toThrow(/PUSH_SERVICES/);
    const services = parsePushServices('https://*.notify.windows.com,https://127.0.0.1:8443') as Exclude<ReturnType<typeof parsePushServices>, string>;
    expect(endpointProblem('https://db5p.notify.windows.com/w/?token=x', services)).toBeNull();
    expect(endpointProblem('https://notify.windows.com/w/', services)).toMatch(/not at a push service/);
    expect(endpointProblem('https://evilnotify.windows.com/w/', services)).toMatch(/not at a push service/);
    expect(endpointProblem('https://127.0.0.1:8443/x', services)).toBeNull();
    expect(endpointProblem('https://127.0.0.1/x', services)).toMatch(/not at a push service/);
    expect(endpointProblem('https://127.0.0.1.attacker.example:8443/x', services)).toMatch(/not at a push service/);
  });
});
