// Building a race from what an organizer (or a results file) knows: a distance, the distances of
// the split mats, maybe a course line and a loop. One place makes the timing points, so an
// imported set-up and a replayed results file describe races the same way.
import { raceSchema, type LonLat, type Race, type TimingPoint } from '../../shared/domain';
import { formatZodError } from '../../shared/zod-format';
import { pointAlong } from './course';

export interface SplitSpec {
  /** Metres from the start line. */
  distance: number;
  id?: string;
  name?: string;
}

export interface RaceSpec {
  id: string;
  name: string;
  /** Metres. For a loop race: laps × loop length when not given. */
  distance?: number;
  gunTime?: number | null;
  /** Intermediate mats (point to point); the start and finish mats are added. */
  splits?: readonly (number | SplitSpec)[];
  /** A loop race: one mat counts every lap. */
  loop?: { length: number; laps: number; lapPointId?: string; minLapSeconds?: number };
  course?: readonly LonLat[];
  /** Ids of the start and finish mats; several races may share a mat (same id). */
  startId?: string;
  finishId?: string;
  /** Whether the race has a start mat (chip start); without one net time counts from the gun. */
  startMat?: boolean;
  waves?: Race['waves'];
  ageGroups?: number[];
  ranking?: Race['ranking'];
  cutoffSeconds?: number;
}

export class RaceSpecError extends Error {}

/** A mat id from its distance: "5k", "21.1k", "800m". */
export function pointIdFor(distance: number): string {
  if (distance >= 1000) return `${Math.round(distance / 100) / 10}k`;
  return `${Math.round(distance)}m`;
}

export function pointNameFor(distance: number): string {
  if (distance >= 1000) return `${Math.round(distance / 100) / 10} km`;
  return `${Math.round(distance)} m`;
}

/** Timing points of a point-to-point race: start (optional), the splits in order, the finish. */
export function timingPointsFromDistances(
  distance: number,
  splits: readonly (number | SplitSpec)[],
  options: { course?: readonly LonLat[]; startId?: string; finishId?: string; startMat?: boolean } = {},
): TimingPoint[] {
  const at = (d: number) => (options.course && options.course.length >= 2 ? { position: pointAlong(options.course, d) } : {});
  const points: TimingPoint[] = [];
  if (options.startMat !== false) points.push({ id: options.startId ?? 'start', name: 'Start', kind: 'start', distance: 0, ...at(0) });
  const specs = splits.map((s) => (typeof s === 'number' ? { distance: s } : s)).sort((a, b) => a.distance - b.distance);
  for (const s of specs) {
    if (!(s.distance > 0 && s.distance < distance)) {
      throw new RaceSpecError(`a split at ${s.distance} m is not between the start and the finish (${distance} m)`);
    }
    points.push({ id: s.id ?? pointIdFor(s.distance), name: s.name ?? pointNameFor(s.distance), kind: 'split', distance: s.distance, ...at(s.distance) });
  }
  points.push({ id: options.finishId ?? 'finish', name: 'Finish', kind: 'finish', distance, ...at(distance) });
  return points;
}

/** A validated race from a spec; throws RaceSpecError with a message that says what is wrong. */
export function buildRace(spec: RaceSpec): Race {
  const course = spec.course && spec.course.length >= 2 ? [...spec.course] : undefined;
  let candidate: unknown;
  if (spec.loop) {
    const lapPoint = spec.loop.lapPointId ?? `${spec.id}-lap`;
    candidate = {
      id: spec.id,
      name: spec.name,
      kind: 'loop',
      distance: spec.distance ?? spec.loop.length * spec.loop.laps,
      gunTime: spec.gunTime ?? null,
      waves: spec.waves ?? [],
      loop: { length: spec.loop.length, laps: spec.loop.laps, lapPoint, minLapSeconds: spec.loop.minLapSeconds },
      timingPoints: [{ id: lapPoint, name: 'Lap', kind: 'lap', distance: 0, dedupWindowSeconds: 60, ...(course ? { position: course[0] } : {}) }],
      course,
      ageGroups: spec.ageGroups ?? [],
      ranking: spec.ranking ?? 'gun',
      cutoffSeconds: spec.cutoffSeconds,
    };
  } else {
    if (spec.distance === undefined) throw new RaceSpecError(`race "${spec.id}": the distance is missing`);
    candidate = {
      id: spec.id,
      name: spec.name,
      kind: 'point-to-point',
      distance: spec.distance,
      gunTime: spec.gunTime ?? null,
      waves: spec.waves ?? [],
      timingPoints: timingPointsFromDistances(spec.distance, spec.splits ?? [], { course, startId: spec.startId, finishId: spec.finishId, startMat: spec.startMat }),
      course,
      ageGroups: spec.ageGroups ?? [],
      ranking: spec.ranking ?? 'net',
      cutoffSeconds: spec.cutoffSeconds,
    };
  }
  const parsed = raceSchema.safeParse(candidate);
  if (!parsed.success) throw new RaceSpecError(`race "${spec.id}": ${formatZodError(parsed.error)}`);
  return parsed.data;
}
