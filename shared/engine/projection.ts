// Where a runner will be: one model serves the projected finish, the ETA at the next mat and the
// estimated position between mats, so the three always agree.
//
// The model walks the course ahead segment by segment. Each segment's pace is the runner's recent
// pace (the last ~5 km) times the slow-down the field has shown on that segment so far, for runners
// of a similar average pace and a similar fade (FieldModel). Where the field has shown nothing yet
// on a segment, the recent pace goes on; without a field model at all (a lone runner in the
// client), time grows a little faster than distance (Riegel's exponent).

export interface ProjectionPoint {
  /** Metres from the start. */
  distance: number;
  /** Net elapsed ms at that distance. */
  net: number;
}

export interface Projector {
  /** Expected net ms at a distance (interpolated between known points, projected ahead). */
  netAt(distance: number): number;
  /** Expected distance at a net elapsed time; never beyond `limit`. */
  distanceAt(net: number, limit: number): number;
}

/** What the field has shown: log(segment pace / recent pace) for the segment ending at `end`. */
export interface FadeSource {
  readonly ends: readonly number[];
  logRatio(end: number, averagePace: number, fade: number): number | null;
  /** With a course history: log(time from `from` to `to` / time at the recent pace), as earlier years ran it, moved to the day. */
  priorLog?(from: number, to: number, averagePace: number, recent: number): number | null;
  /** How many of the day's runners of this average pace have run the segment ending at `end`. */
  dayRunners?(end: number, averagePace: number): number;
}

/**
 * Fatigue exponent without field data: time grows a little faster than distance (Riegel's 1.06),
 * so a runner who ran 30 km in 2:00 is projected slower than even pace for the last 12 km.
 */
export const FADE_EXPONENT = 1.06;

/** Constants of the field model, chosen on Boston 2015 and checked on 2017 (see the README). */
export const FIELD_CONSTANTS = {
  /** The recent pace is taken over at least this many metres back from the last mat. */
  recentWindowM: 4500,
  /** Pace bands of the field model, ms per metre (10 s/km). */
  bandMsPerM: 10,
  /** Fade buckets: recent pace / average pace at these edges. */
  fadeEdges: [1.02, 1.06, 1.1] as readonly number[],
  /** A band speaks for the field once this many runners completed the segment in it. */
  minRunners: 5,
  /** A runner's slow-down over one segment counts at most this much (log of the pace ratio). */
  clipLogRatio: 0.06,
  /** How many bands away to look for one with enough runners; further away the whole field speaks. */
  maxBandSteps: 3,
  /** A pace band's own difference from the prior speaks once this many of its runners showed it. */
  minShiftRunners: 50,
  /** The day's own fade outweighs the prior at a mat once this many runners of the band have run there. */
  dayWeightRunners: 50,
};

/** Average pace (ms per metre) at the last useful point. */
export function paceAt(splits: readonly ProjectionPoint[]): number | null {
  const last = lastUseful(splits);
  return last ? last.net / last.distance : null;
}

/** Pace (ms per metre) over the last stretch of at least `recentWindowM`, or from the start. */
export function recentPace(splits: readonly ProjectionPoint[]): number | null {
  // Walks back over the useful points (distance and net > 0) without copying them: called per
  // segment ahead on every read.
  let at = splits.length - 1;
  while (at >= 0 && !isUseful(splits[at])) at--;
  if (at < 0) return null;
  const last = splits[at];
  let fromDistance = 0;
  let fromNet = 0;
  for (let i = at - 1; i >= 0; i--) {
    const p = splits[i];
    if (isUseful(p) && last.distance - p.distance >= FIELD_CONSTANTS.recentWindowM) {
      fromDistance = p.distance;
      fromNet = p.net;
      break;
    }
  }
  const pace = (last.net - fromNet) / (last.distance - fromDistance);
  return pace > 0 ? pace : last.net / last.distance;
}

function isUseful(s: ProjectionPoint): boolean {
  return s.distance > 0 && s.net > 0;
}

/** How much a runner is fading: recent pace over average pace (1 = even). */
export function fadeOf(recent: number, average: number): number {
  return recent / average;
}

/** A projector from the runner's splits so far (in distance order, net > 0); null without any. */
export function projectorFor(splits: readonly ProjectionPoint[], field?: FadeSource | null): Projector | null {
  const known = splits.filter((s) => s.distance > 0 && s.net > 0);
  const last = known[known.length - 1];
  if (!last) return null;
  const ahead = projectAhead(known, last, field ?? null);
  const path = [{ distance: 0, net: 0 }, ...known, ...ahead];
  return {
    netAt(distance) {
      if (distance <= 0) return 0;
      const end = path[path.length - 1];
      if (distance > end.distance) return end.net * Math.pow(distance / end.distance, FADE_EXPONENT);
      // The first point at or beyond `distance` (distances never go down along the path): a major's
      // 35 mats ask this for every mat ahead on every read.
      let lo = 1;
      let hi = path.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (distance <= path[mid].distance) hi = mid;
        else lo = mid + 1;
      }
      const a = path[lo - 1];
      const b = path[lo];
      return a.net + ((b.net - a.net) * (distance - a.distance)) / (b.distance - a.distance);
    },
    distanceAt(net, limit) {
      if (net <= 0) return 0;
      for (let i = 1; i < path.length; i++) {
        const a = path[i - 1];
        const b = path[i];
        if (net <= b.net) return Math.min(limit, a.distance + ((b.distance - a.distance) * (net - a.net)) / (b.net - a.net));
      }
      const end = path[path.length - 1];
      return Math.min(limit, end.distance * Math.pow(net / end.net, 1 / FADE_EXPONENT));
    },
  };
}

/** The points ahead of the last known one, at the field's segment ends. */
function projectAhead(known: ProjectionPoint[], last: ProjectionPoint, field: FadeSource | null): ProjectionPoint[] {
  if (!field) return [];
  // The day's own model walks on from its own points; a course history is blended in per point.
  const points = [...known];
  const out: ProjectionPoint[] = [];
  const startRecent = recentPace(known)!;
  const startAverage = last.net / last.distance;
  let current = last;
  for (const end of field.ends) {
    if (end <= current.distance) continue;
    const recent = recentPace(points)!;
    const average = current.net / current.distance;
    const ratio = field.logRatio(end, average, fadeOf(recent, average));
    // Before the field has shown anything on a segment, the runner keeps their recent pace.
    const net = current.net + recent * Math.exp(ratio ?? 0) * (end - current.distance);
    current = { distance: end, net };
    points.push(current);
    // Earlier years on this course, from the runner's last mat: they give way to the day's own
    // runners of the same pace as those reach this far.
    const prior = field.priorLog?.(last.distance, end, startAverage, startRecent) ?? null;
    if (prior === null) {
      out.push(current);
      continue;
    }
    const day = ratio === null ? 0 : field.dayRunners?.(end, startAverage) ?? 0;
    const w = day / (day + FIELD_CONSTANTS.dayWeightRunners);
    const left = Math.exp((1 - w) * (prior + Math.log(startRecent * (end - last.distance))) + w * Math.log(net - last.net));
    const before = out.length > 0 ? out[out.length - 1] : last;
    // Never sooner than the point before at twice the recent pace.
    out.push({ distance: end, net: Math.max(last.net + left, before.net + (startRecent / 2) * (end - before.distance)) });
  }
  return out;
}

function lastUseful(splits: readonly ProjectionPoint[]): ProjectionPoint | null {
  for (let i = splits.length - 1; i >= 0; i--) {
    const s = splits[i];
    if (s.distance > 0 && s.net > 0) return s;
  }
  return null;
}
