// A course cut without missed mats: one segment far faster than the runner's own pace so far
// (a shortcut between two mats that both read them). Pure.
import { formatDistance, formatPace } from '../../../shared/format';
import type { RunnerDetail } from '../../../shared/views';

/** A segment this much faster than the runner's pace so far is implausible (a strong negative split is ~10 %). */
export const FAST_SEGMENT_RATIO = 0.7;
/** The runner's own pace counts once they have covered this much before the segment. */
export const MIN_OWN_DISTANCE_M = 2_000;
/** Segments shorter than this are left to mat placement and read jitter. */
export const MIN_SEGMENT_M = 1_000;

/** Flags for segments implausibly fast for the runner's own pace before them. */
export function fastSegmentFlags(runner: Pick<RunnerDetail, 'splits'>): string[] {
  const flags: string[] = [];
  let prev: { distance: number; net: number } | null = null;
  for (const s of runner.splits) {
    if (s.net === null || s.lap !== undefined) return flags;
    if (prev && prev.distance >= MIN_OWN_DISTANCE_M && prev.net > 0) {
      const metres = s.distance - prev.distance;
      const own = prev.net / prev.distance; // ms per metre = s/km
      const pace = (s.net - prev.net) / metres;
      if (metres >= MIN_SEGMENT_M && pace > 0 && pace < own * FAST_SEGMENT_RATIO) {
        flags.push(`implausibly fast before ${s.name}: ${formatPace(pace)} over ${formatDistance(metres)} against the runner's ${formatPace(own)} so far`);
      }
    }
    prev = { distance: s.distance, net: s.net };
  }
  return flags;
}
