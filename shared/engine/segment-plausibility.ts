// A course cut without missed mats: one segment far faster than the runner's own pace so far (a
// shortcut between two mats that both read them). Judged once per runner change in the engine,
// beside the record-pace check, so a monitoring report costs nothing more. Pure.
import { formatDistance, formatPace } from '../format';

/** A segment this much faster than the runner's pace so far is implausible (a strong negative split is ~10 %). */
export const FAST_SEGMENT_RATIO = 0.7;
/** The runner's own pace counts once they have covered this much before the segment. */
export const MIN_OWN_DISTANCE_M = 2_000;
/** Segments shorter than this are left to mat placement and read jitter. */
export const MIN_SEGMENT_M = 1_000;

export interface OwnPaceCheck {
  /** The segment: metres and pace (s/km), and where it ends. */
  metres: number;
  pace: number;
  to: string;
  /** The runner before the segment: metres from their start and net ms there. */
  ownMetres: number;
  ownNetMs: number;
}

/** A reason the segment is implausibly fast for the runner, or null. */
export function implausiblyFast(s: OwnPaceCheck): string | null {
  if (s.metres < MIN_SEGMENT_M || s.ownMetres < MIN_OWN_DISTANCE_M || s.ownNetMs <= 0 || s.pace <= 0) return null;
  const own = s.ownNetMs / s.ownMetres; // ms per metre = s per km
  if (s.pace >= own * FAST_SEGMENT_RATIO) return null;
  return `implausibly fast before ${s.to}: ${formatPace(s.pace)} over ${formatDistance(s.metres)} against the runner's ${formatPace(own)} so far`;
}
