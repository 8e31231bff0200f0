// Where a runner will be: one model serves the projected finish, the ETA at the next mat and the
// estimated position between mats, so the three always agree.

export interface ProjectionPoint {
  /** Metres from the start. */
  distance: number;
  /** Net elapsed ms at that distance. */
  net: number;
}

export interface Projector {
  /** Expected net ms at a distance ahead of the last known point. */
  netAt(distance: number): number;
  /** Expected distance at a net elapsed time; never beyond `limit`. */
  distanceAt(net: number, limit: number): number;
}

/**
 * Fatigue exponent: time grows a little faster than distance (Riegel's 1.06), so a runner who ran
 * 30 km in 2:00 is projected slower than even pace for the last 12 km.
 */
export const FADE_EXPONENT = 1.06;

/** A projector from the runner's splits so far (in distance order, net > 0); null without any. */
export function projectorFor(splits: readonly ProjectionPoint[], exponent = FADE_EXPONENT): Projector | null {
  const last = lastUseful(splits);
  if (!last) return null;
  const netAt = (distance: number) =>
    distance <= last.distance ? last.net * (distance / last.distance) : last.net * Math.pow(distance / last.distance, exponent);
  return {
    netAt,
    distanceAt(net, limit) {
      if (net <= 0) return 0;
      const d = net <= last.net ? last.distance * (net / last.net) : last.distance * Math.pow(net / last.net, 1 / exponent);
      return Math.min(d, limit);
    },
  };
}

function lastUseful(splits: readonly ProjectionPoint[]): ProjectionPoint | null {
  for (let i = splits.length - 1; i >= 0; i--) {
    const s = splits[i];
    if (s.distance > 0 && s.net > 0) return s;
  }
  return null;
}
