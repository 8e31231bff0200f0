// Phone trackers → a runner's live position on the course. Each fix is snapped to the race's course
// line with turf; the newest position per runner is kept in memory and pushed to the race and
// runner rooms. Positions of private entrants never leave the server.
import nearestPointOnLine from '@turf/nearest-point-on-line';
import { lineString, point } from '@turf/helpers';
import type { LonLat } from '../../../shared/domain';
import { outsideWindowMessage, readWindowOf, withinReadWindow } from '../../../shared/read-window';
import type { RunnerPosition } from '../../../shared/socket-events';
import type { EventRuntime } from '../../live/event-runtime';
import type { TimingDevices } from '../../storage/timing-devices';
import type { OsmandFix } from './osmand';

/** Further than this from the course line, a fix is not the runner on the course. */
export const MAX_OFF_COURSE_M = 150;

export type FixOutcome =
  | { kind: 'published'; position: RunnerPosition }
  | { kind: 'private' }
  | { kind: 'ignored'; reason: string }
  /** The fix's time is outside the event's window: refused, not kept as the tracker's latest. */
  | { kind: 'refused'; reason: string };

export interface GpsDeps {
  runtime: EventRuntime;
  timing: TimingDevices;
  now: () => number;
  emit: (position: RunnerPosition) => void;
}

export class GpsService {
  private latest = new Map<string, Map<string, RunnerPosition>>();

  constructor(private deps: GpsDeps) {}

  /** The bib of a registered tracker that sent its own key; undefined otherwise, whichever was wrong. */
  authenticate(eventId: string, trackerId: string, key: string): string | undefined {
    return this.deps.timing.trackerBib(eventId, trackerId, key);
  }

  /** A fix of an authenticated tracker (see authenticate), snapped and published. */
  fix(eventId: string, bib: string, fix: OsmandFix): FixOutcome {
    const { runtime } = this.deps;
    const setup = runtime.setup(eventId);
    if (!setup) return { kind: 'ignored', reason: 'the event is not loaded' };
    const entrant = runtime.entrant(eventId, bib);
    const runner = runtime.runner(eventId, bib);
    if (!entrant || !runner) return { kind: 'ignored', reason: `bib ${bib} is not an entrant` };
    const race = runtime.race(eventId, entrant.raceId);
    if (!race?.course || race.course.length < 2) return { kind: 'ignored', reason: 'the race has no course line' };
    const time = fix.time ?? this.deps.now();
    const window = readWindowOf(setup);
    if (!withinReadWindow(window, time)) return { kind: 'refused', reason: outsideWindowMessage('fix time', time, window) };
    const previous = this.latest.get(eventId)?.get(bib);
    if (previous && previous.time >= time) return { kind: 'ignored', reason: 'older than the last fix' };
    const snapped = nearestPointOnLine(lineString(race.course as LonLat[]), point([fix.lon, fix.lat]), { units: 'meters' });
    const { pointDistance, lineDistance } = snapped.properties as { pointDistance: number; lineDistance: number };
    if (pointDistance > MAX_OFF_COURSE_M) return { kind: 'ignored', reason: `${Math.round(pointDistance)} m off the course` };
    const lapsDone = race.kind === 'loop' && race.loop ? (runner.laps ?? 0) * race.loop.length : 0;
    const [lon, lat] = snapped.geometry.coordinates;
    const position: RunnerPosition = {
      eventId,
      raceId: race.id,
      bib,
      position: [round6(lon), round6(lat)],
      distance: Math.round(lapsDone + lineDistance),
      time,
      speed: fix.speed === null ? null : Math.round(fix.speed * 100) / 100,
    };
    if (entrant.private) {
      this.latest.get(eventId)?.delete(bib);
      return { kind: 'private' };
    }
    let byBib = this.latest.get(eventId);
    if (!byBib) this.latest.set(eventId, (byBib = new Map()));
    byBib.set(bib, position);
    this.deps.emit(position);
    return { kind: 'published', position };
  }

  /** The newest position of every runner of a race who is not private (now: race control may change it). */
  positions(eventId: string, raceId?: string): RunnerPosition[] {
    const entrant = (bib: string) => this.deps.runtime.entrant(eventId, bib);
    return [...(this.latest.get(eventId)?.values() ?? [])].filter(
      (p) => (raceId === undefined || p.raceId === raceId) && entrant(p.bib)?.private === false && entrant(p.bib)?.raceId === p.raceId,
    );
  }
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
