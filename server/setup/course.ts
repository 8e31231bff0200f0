// Course geometry with turf: length, a point at a distance, and a section of the line.
import along from '@turf/along';
import length from '@turf/length';
import lineSliceAlong from '@turf/line-slice-along';
import { lineString } from '@turf/helpers';
import type { LonLat } from '../../shared/domain';

export function courseLength(course: readonly LonLat[]): number {
  return length(lineString(course as LonLat[]), { units: 'meters' });
}

/** The point `metres` along the line, measured on the line itself. */
export function pointAlong(course: readonly LonLat[], metres: number): LonLat {
  const [lon, lat] = along(lineString(course as LonLat[]), metres, { units: 'meters' }).geometry.coordinates;
  return [round6(lon), round6(lat)];
}

export function sliceCourse(course: readonly LonLat[], fromMetres: number, toMetres: number): LonLat[] {
  return lineSliceAlong(lineString(course as LonLat[]), fromMetres, toMetres, { units: 'meters' }).geometry.coordinates.map(
    ([lon, lat]) => [round6(lon), round6(lat)] as LonLat,
  );
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
