// A race's course as a measured line: where a distance run puts a runner on it. Segment lengths
// come from turf once; a position is then a binary search and one interpolation, cheap enough to
// do for tens of thousands of runners every frame.
import { lineString } from '@turf/helpers';
import { length } from '@turf/length';
import type { LonLat, Race } from '../../../shared/domain';

export interface CourseLine {
  coords: readonly LonLat[];
  /** Metres along the line at each vertex. */
  cumulative: Float64Array;
  /** Metres of the drawn line. */
  lineLength: number;
  /** Metres of race distance the line stands for: the race (point to point) or one lap (loop). */
  span: number;
  loop: boolean;
}

export function courseLine(race: Race): CourseLine | null {
  const coords = race.course;
  if (!coords || coords.length < 2) return null;
  const cumulative = new Float64Array(coords.length);
  for (let i = 1; i < coords.length; i++) {
    cumulative[i] = cumulative[i - 1] + length(lineString([coords[i - 1], coords[i]]), { units: 'meters' });
  }
  const lineLength = cumulative[coords.length - 1];
  const loop = race.kind === 'loop' && race.loop !== undefined;
  return { coords, cumulative, lineLength, span: loop ? race.loop!.length : race.distance, loop };
}

/** Metres along the drawn line for a race distance (wrapping each lap on a loop). */
export function lineMetres(line: CourseLine, raceDistance: number): number {
  let d = raceDistance;
  if (line.loop) {
    d %= line.span;
    if (d < 0) d += line.span;
  }
  const m = (d / line.span) * line.lineLength;
  return Math.min(Math.max(m, 0), line.lineLength);
}

// The one interpolation along a course: the segment a line position falls in, then how far along
// it. Nothing allocated, for the map's per-frame loop over every runner.

/** The first vertex of the segment holding a line position (a binary search). */
export function segmentIndex(cumulative: Float64Array, metres: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] <= metres) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** The same, walking from vertex `from`: cheaper when the answer is near (the next point of a band). */
export function segmentIndexNear(cumulative: Float64Array, metres: number, from: number): number {
  const last = cumulative.length - 1;
  let lo = Math.min(from, last - 1);
  while (lo > 0 && cumulative[lo] > metres) lo--;
  while (lo < last - 1 && cumulative[lo + 1] <= metres) lo++;
  return lo;
}

/** How far along segment `index` (0..1) a line position lies. */
export function segmentFraction(cumulative: Float64Array, index: number, metres: number): number {
  const hi = Math.min(index + 1, cumulative.length - 1);
  const span = cumulative[hi] - cumulative[index];
  return span > 0 ? Math.min(1, Math.max(0, (metres - cumulative[index]) / span)) : 0;
}

/** The segment a line position falls in and how far along it (0..1). */
export function segmentAt(cumulative: Float64Array, metres: number): { index: number; t: number } {
  const index = segmentIndex(cumulative, metres);
  return { index, t: segmentFraction(cumulative, index, metres) };
}

/** [lon, lat] at a race distance. */
export function positionAt(line: CourseLine, raceDistance: number): LonLat {
  const { index, t } = segmentAt(line.cumulative, lineMetres(line, raceDistance));
  const a = line.coords[index];
  const b = line.coords[Math.min(index + 1, line.coords.length - 1)];
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
}
