// A runner's splits, times and status as a pure function of their entry, race and reads.
// Recomputed per runner when one of their reads arrives: cheap (a runner has tens of reads) and
// independent of the order the reads came in.
import type { Entrant, Race, TimingPoint } from '../domain';
import type { RunnerDetail, RunnerStatus, Split } from '../views';
import { projectorFor, type FadeSource, type ProjectionPoint, type Projector } from './projection';
import type { Estimate, ProjectionPath, RangeSource } from './range-model';
import { withInferredLaps } from './lap-inference';
import { implausiblePace } from './pace-check';
import { implausiblyFast } from './segment-plausibility';

/** Read times (epoch ms) per timing point id, each list sorted ascending (a Map is one). */
export interface ReadTimes {
  get(pointId: string): readonly number[] | undefined;
}

export interface RunnerInput {
  entrant: Entrant;
  race: Race;
  ageGroup: string | null;
  /** Raw read times (epoch ms) per timing point id, each list sorted ascending; read only while deriving. */
  reads: ReadTimes;
  /** Default duplicate window for points that set none. */
  dedupWindowMs: number;
  /** What the field has shown so far on this race's course, for the projection. */
  field?: FadeSource | null;
  /** How far off projections have been so far, for their ranges; none: bare projections. */
  ranges?: RangeSource | null;
  /**
   * The projection published for the runner before, taken as it was instead of made again: a
   * projection depends on what the field showed when it was made (restoring from a snapshot).
   */
  published?: PublishedProjection;
  /** The runner's detail before this change: splits that did not change are taken from it. */
  previous?: RunnerDetail;
  /**
   * The one change since `previous`: a read added at this point (same entry, race and other
   * reads). The splits before that point's are then the previous ones, taken without comparing.
   */
  addedAt?: string;
}

/** A runner's projection fields as published. */
export type PublishedProjection = Pick<RunnerDetail, 'projectedNet' | 'projectedRange' | 'nextPoint' | 'nextEta' | 'nextEtaRange'>;

export interface Derived {
  detail: RunnerDetail;
  /** The projection made from the last mat, for the range model to learn from later. */
  path: ProjectionPath | null;
  /** The splits with a net time (> 0, past the start), in distance order: what the field models learn from. */
  points: ProjectionPoint[];
}

/** A lap mat read within this share of a lap's record time after the start is the start crossing. */
const FASTEST_SPEED_M_PER_S = 7;

export function gunTimeOf(entrant: Entrant, race: Race): number | null {
  const wave = entrant.waveId ? race.waves.find((w) => w.id === entrant.waveId) : undefined;
  return wave?.gunTime ?? race.gunTime;
}

/** Group sorted read times into passings: reads within the window of a passing's first read join it. */
export function passingsOf(times: readonly number[], windowMs: number): number[] {
  const passings: number[] = [];
  for (const t of times) {
    if (passings.length === 0 || t - passings[passings.length - 1] > windowMs) passings.push(t);
  }
  return passings;
}

interface Passing {
  point: TimingPoint;
  distance: number;
  time: number;
  lap?: number;
  /** A lap the runner must have run although the mat did not read it. */
  inferred?: boolean;
}

export function deriveRunner(input: RunnerInput): RunnerDetail {
  return deriveWithPath(input).detail;
}

export function deriveWithPath(input: RunnerInput): Derived {
  const { entrant, race } = input;
  const flags: string[] = [];
  const gun = gunTimeOf(entrant, race);
  const cutoff = gun !== null && race.cutoffSeconds !== undefined ? gun + race.cutoffSeconds * 1000 : null;
  const window: ScoreWindow = { reads: input.reads, gun, cutoff, flags };

  const shape = courseShape(race);
  const startPoint = shape.start;
  const startRead = startPoint ? (scoredTimes(window, startPoint)[0] ?? null) : null;
  const startTime = startRead ?? gun;

  const passings: Passing[] = [];
  if (race.kind === 'loop' && race.loop) {
    const lapPoint = race.timingPoints.find((p) => p.id === race.loop!.lapPoint)!;
    const minLapMs = (race.loop.minLapSeconds ?? race.loop.length / FASTEST_SPEED_M_PER_S) * 1000;
    const laps = passingsOf(scoredTimes(window, lapPoint), dedupWindowOf(lapPoint, input.dedupWindowMs)).filter((t) => startTime === null || t - startTime >= minLapMs);
    withInferredLaps(startTime, laps, race.loop.laps)
      .slice(0, race.loop.laps)
      .forEach(({ time, inferred }, i) => {
        passings.push({ point: lapPoint, distance: (i + 1) * race.loop!.length, time, lap: i + 1, inferred });
        if (inferred) flags.push(`lap ${i + 1} inferred: no read at ${lapPoint.name}`);
      });
  } else {
    for (const point of race.timingPoints) {
      if (point.kind === 'start') continue;
      const first = firstPassing(window, point, startTime);
      if (first !== undefined) passings.push({ point, distance: point.distance, time: first });
    }
    if (passings.length > 1) passings.sort((a, b) => a.distance - b.distance || a.time - b.time);
  }
  const unchangedBefore = splitsUnchangedBefore(input, passings, startTime);

  const splits: Split[] = [];
  /** The splits a projection starts from: net > 0 at a distance > 0, in distance order. */
  const points: ProjectionPoint[] = [];
  const cutoffPace = race.cutoffSeconds !== undefined ? race.cutoffSeconds / (race.distance / 1000) : undefined;
  let prevTime = startTime;
  let prevDistance = 0;
  let finishSplit: Split | undefined;
  for (const p of passings) {
    if (prevTime !== null && p.time < prevTime) flags.push(`${p.point.name} read earlier than the mat before it`);
    const segment = p.distance - prevDistance;
    const segmentPace = prevTime !== null && segment > 0 ? (p.time - prevTime) / 1000 / (segment / 1000) : null;
    const doubt = segmentPace !== null && !p.inferred ? implausiblePace({ metres: segment, pace: segmentPace, to: p.point.name, cutoffPace, division: entrant.division }) : null;
    if (doubt) flags.push(doubt);
    // Possible but not for this runner: far faster than their own pace so far (point to point).
    const fast =
      !doubt && segmentPace !== null && p.lap === undefined && prevTime !== null && startTime !== null
        ? implausiblyFast({ metres: segment, pace: segmentPace, to: p.point.name, ownMetres: prevDistance, ownNetMs: prevTime - startTime })
        : null;
    if (fast) flags.push(fast);
    const net = startTime === null ? null : p.time - startTime;
    const name = p.lap !== undefined ? `${p.point.name} ${p.lap}` : p.point.name;
    const splitGun = gun === null ? null : p.time - gun;
    // Most reads add a split after the others: the ones before are the same as last time, and
    // kept rather than made again (splits are never changed once made).
    const before = input.previous?.splits[splits.length];
    let split: Split;
    // Not even read: a major's runner has 35 splits, old and scattered in memory, on every read.
    if (splits.length < unchangedBefore) split = before!;
    else if (
      before !== undefined &&
      before.point === p.point.id &&
      before.time === p.time &&
      before.name === name &&
      before.distance === p.distance &&
      before.lap === p.lap &&
      before.gun === splitGun &&
      before.net === net &&
      before.segmentPace === segmentPace &&
      (before.inferred ?? false) === (p.inferred ?? false)
    ) {
      split = before;
    } else {
      split = { point: p.point.id, name, distance: p.distance, lap: p.lap, time: p.time, gun: splitGun, net, segmentPace };
      if (p.inferred) split.inferred = true;
    }
    splits.push(split);
    if (net !== null && net > 0 && p.distance > 0) points.push({ distance: p.distance, net });
    if (finishSplit === undefined && race.kind !== 'loop' && shape.finishIds.has(p.point.id)) finishSplit = split;
    prevTime = p.time;
    prevDistance = p.distance;
  }

  const last = splits[splits.length - 1];
  if (race.kind === 'loop') finishSplit = splits.length === race.loop?.laps ? last : undefined;
  const started = startRead !== null || splits.length > 0;
  // Longer than any race: a clock or a read gone wrong, not a result.
  if (finishSplit?.net != null && finishSplit.net > LONGEST_RACE_MS) flags.push(`finish time ${formatDays(finishSplit.net)} is longer than any race: check the reads`);
  const status: RunnerStatus =
    entrant.status !== 'registered' ? entrant.status : finishSplit ? 'finished' : started ? 'onCourse' : 'registered';

  const row: RunnerDetail = {
    bib: entrant.bib,
    name: entrant.name,
    gender: entrant.gender,
    ageGroup: input.ageGroup,
    country: entrant.country ?? null,
    raceId: race.id,
    waveId: entrant.waveId ?? null,
    status,
    private: entrant.private,
    lastPoint: last?.point ?? (startRead !== null ? startPoint!.id : null),
    lastDistance: last?.distance ?? 0,
    lastTime: last?.time ?? startRead,
    lastNet: last ? last.net : startRead !== null ? 0 : null,
    lastGun: last ? last.gun : startRead !== null && gun !== null ? startRead - gun : null,
    startTime: started ? startTime : null,
    netTime: finishSplit && startTime !== null ? finishSplit.net : null,
    gunTime: finishSplit?.gun ?? null,
    laps: race.kind === 'loop' ? splits.length : null,
    pace: last && last.distance > 0 && last.net !== null ? last.net / 1000 / (last.distance / 1000) : null,
    projectedNet: null,
    projectedRange: null,
    nextPoint: null,
    nextEta: null,
    nextEtaRange: null,
    flags,
    splits,
  };

  let path: ProjectionPath | null = null;
  if (status === 'onCourse' && input.published) Object.assign(row, input.published);
  else if (status === 'onCourse' && startTime !== null) {
    const projector = projectorFor(points, input.field);
    const next = nextTimingPoint(race, row.lastDistance, splits.length);
    const ranges = input.ranges ?? null;
    const from = points[points.length - 1];
    let finish: Estimate | null = null;
    let atNext: Estimate | null = null;
    if (projector && from) {
      path = { from: from.distance, fromNet: from.net, netAt: (d) => projector.netAt(d) };
      finish = estimateAt(ranges, entrant.bib, from, race.distance, projector);
      if (next) atNext = estimateAt(ranges, entrant.bib, from, next.distance, projector);
    } else if (ranges && points.length === 0) {
      // Read only at the start: where the runner's wave is heading, with a wide range.
      finish = ranges.fromStart(race.distance, entrant.waveId ?? null);
      if (next) atNext = ranges.fromStart(next.distance, entrant.waveId ?? null);
    }
    if (finish && !(finish.net <= LONGEST_RACE_MS)) {
      flags.push(`projected finish ${formatDays(finish.net)} is longer than any race: not shown`);
      finish = null;
      atNext = null;
    }
    if (finish) {
      row.projectedNet = Math.round(finish.net);
      if (ranges) row.projectedRange = [Math.round(finish.low), Math.round(finish.high)];
    }
    if (atNext) {
      row.nextEta = Math.round(startTime + atNext.net);
      if (ranges) row.nextEtaRange = [Math.round(startTime + atNext.low), Math.round(startTime + atNext.high)];
    }
    row.nextPoint = next?.id ?? null;
  }
  return { detail: row, path, points };
}

/** The longest net time any race takes: 30 days, the set-up's own bound for a cut-off or a seed time. */
export const LONGEST_RACE_MS = 30 * 86_400_000;

const formatDays = (ms: number) => (Number.isFinite(ms) ? `of ${Math.round(ms / 86_400_000).toLocaleString('en')} days` : 'beyond measure');

/**
 * How many leading passings are those `previous` was made from, when the only change is a read
 * added at one point of a point-to-point course and the start is the same: every passing ordered
 * before that point's (a new read can only bring its passing earlier, never move the others).
 */
function splitsUnchangedBefore(input: RunnerInput, passings: readonly Passing[], startTime: number | null): number {
  const { previous, addedAt, race } = input;
  if (addedAt === undefined || previous === undefined || race.kind === 'loop' || startTime === null || previous.startTime !== startTime) return 0;
  let k = 0;
  while (k < passings.length && passings[k].point.id !== addedAt) k++;
  return Math.min(k, previous.splits.length);
}

/** What scoring a point's reads needs: the reads, the window they count in, where doubts go. */
interface ScoreWindow {
  reads: ReadTimes;
  gun: number | null;
  cutoff: number | null;
  flags: string[];
}

/** A point's read times inside the gun-to-cut-off window; reads outside it are flagged. */
function scoredTimes(w: ScoreWindow, point: TimingPoint): readonly number[] {
  const times = w.reads.get(point.id);
  if (!times || times.length === 0) return NO_TIMES;
  const { gun, cutoff } = w;
  // Most runners: every read inside the window, and nothing to copy.
  if ((gun === null || times[0] >= gun) && (cutoff === null || times[times.length - 1] <= cutoff)) return times;
  if (gun !== null && times[0] < gun) w.flags.push(`read before the start at ${point.name}`);
  if (cutoff !== null && times[times.length - 1] > cutoff) w.flags.push(`read after the cut-off at ${point.name}`);
  return times.filter((t) => (gun === null || t >= gun) && (cutoff === null || t <= cutoff));
}

const NO_TIMES: readonly number[] = [];

/** The first scored read at a point not before the runner's start. */
function firstPassing(w: ScoreWindow, point: TimingPoint, startTime: number | null): number | undefined {
  const times = scoredTimes(w, point);
  for (const t of times) if (startTime === null || t >= startTime) return t;
  return undefined;
}

function dedupWindowOf(point: TimingPoint, defaultMs: number): number {
  return point.dedupWindowSeconds !== undefined ? point.dedupWindowSeconds * 1000 : defaultMs;
}

/** The projection at `target` from the runner's last mat, with its range when the race learns ranges. */
function estimateAt(ranges: RangeSource | null, bib: string, from: ProjectionPoint, target: number, projector: Projector): Estimate {
  const projected = projector.netAt(target);
  return ranges ? ranges.estimate(bib, from.distance, from.net, target, projected) : { net: projected, low: projected, high: projected };
}

interface CourseShape {
  start: TimingPoint | undefined;
  finishIds: ReadonlySet<string>;
}

/** Per race object (races are replaced, never changed in place): its start mat and finish mats. */
const shapes = new WeakMap<Race, CourseShape>();

function courseShape(race: Race): CourseShape {
  let shape = shapes.get(race);
  if (!shape) {
    shape = { start: race.timingPoints.find((p) => p.kind === 'start'), finishIds: new Set(race.timingPoints.filter((p) => p.kind === 'finish').map((p) => p.id)) };
    shapes.set(race, shape);
  }
  return shape;
}

/** The next mat a runner will cross after covering `distance` (loop: the lap mat again). */
export function nextTimingPoint(race: Race, distance: number, lapsDone: number): { id: string; distance: number } | null {
  if (race.kind === 'loop' && race.loop) {
    if (lapsDone >= race.loop.laps) return null;
    return { id: race.loop.lapPoint, distance: (lapsDone + 1) * race.loop.length };
  }
  let best: TimingPoint | null = null;
  for (const p of race.timingPoints) {
    if (p.kind === 'start' || p.distance <= distance) continue;
    if (!best || p.distance < best.distance) best = p;
  }
  return best ? { id: best.id, distance: best.distance } : null;
}
