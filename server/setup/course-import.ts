// Course files in: GPX (parsed with @xmldom/xmldom and @tmcw/togeojson) or GeoJSON, to one line of
// [lon, lat] points; and a clicked map position snapped to the course.
import { gpx } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import { lineString } from '@turf/helpers';
import nearestPointOnLine from '@turf/nearest-point-on-line';
import type { Geometry, GeoJsonObject } from 'geojson';
import { lonLatSchema, type LonLat } from '../../shared/domain';
import { courseLength } from './course';

export class CourseImportError extends Error {}

export interface ImportedCourse {
  course: LonLat[];
  /** Metres along the line. */
  length: number;
}

const MAX_POINTS = 100_000;

/** A GPX or GeoJSON text to a course line; the format is told by the first character. */
export function parseCourseFile(text: string): ImportedCourse {
  const trimmed = text.trim();
  if (trimmed === '') throw new CourseImportError('the course file is empty');
  const lines = trimmed.startsWith('<') ? gpxLines(trimmed) : geoJsonLines(trimmed);
  const course = lines.sort((a, b) => b.length - a.length)[0];
  if (!course || course.length < 2) throw new CourseImportError('the file holds no track or line with at least two points');
  if (course.length > MAX_POINTS) throw new CourseImportError(`the course has ${course.length} points; at most ${MAX_POINTS} are allowed`);
  const points: LonLat[] = [];
  for (const [i, p] of course.entries()) {
    const parsed = lonLatSchema.safeParse([p[0], p[1]]);
    if (!parsed.success) throw new CourseImportError(`point ${i + 1} is not a valid longitude/latitude pair`);
    const last = points[points.length - 1];
    if (!last || last[0] !== parsed.data[0] || last[1] !== parsed.data[1]) points.push([round6(parsed.data[0]), round6(parsed.data[1])]);
  }
  if (points.length < 2) throw new CourseImportError('the course line has fewer than two distinct points');
  return { course: points, length: Math.round(courseLength(points) * 10) / 10 };
}

function gpxLines(text: string): number[][][] {
  let doc;
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new CourseImportError(`not valid XML: ${message.split('\n')[0]}`);
      },
    }).parseFromString(text, 'text/xml');
  } catch (err) {
    throw err instanceof CourseImportError ? err : new CourseImportError(`not valid XML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (doc.documentElement?.nodeName !== 'gpx') throw new CourseImportError('the XML file is not GPX (its root element is not <gpx>)');
  return gpx(doc as unknown as Document).features.flatMap((f) => (f.geometry ? linesOf(f.geometry) : []));
}

function geoJsonLines(text: string): number[][][] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CourseImportError('the file is neither GPX (XML) nor valid GeoJSON');
  }
  const object = json as GeoJsonObject & { features?: { geometry?: Geometry | null }[]; geometry?: Geometry | null };
  if (typeof object !== 'object' || object === null || typeof object.type !== 'string') throw new CourseImportError('not GeoJSON: no "type"');
  if (object.type === 'FeatureCollection') return (object.features ?? []).flatMap((f) => (f?.geometry ? linesOf(f.geometry) : []));
  if (object.type === 'Feature') return object.geometry ? linesOf(object.geometry) : [];
  return linesOf(object as Geometry);
}

function linesOf(geometry: Geometry): number[][][] {
  switch (geometry.type) {
    case 'LineString':
      return Array.isArray(geometry.coordinates) ? [geometry.coordinates] : [];
    // A track split into segments is one course: join them in order.
    case 'MultiLineString':
      return Array.isArray(geometry.coordinates) ? [geometry.coordinates.flat()] : [];
    case 'GeometryCollection':
      return geometry.geometries.flatMap(linesOf);
    default:
      return [];
  }
}

/** A clicked position snapped to the course: its distance from the start and the point on the line. */
export function snapToCourse(course: readonly LonLat[], position: LonLat): { distance: number; position: LonLat; offMetres: number } {
  const snapped = nearestPointOnLine(lineString(course as LonLat[]), position, { units: 'meters' });
  const [lon, lat] = snapped.geometry.coordinates;
  return {
    distance: Math.round(snapped.properties.totalDistance * 10) / 10,
    position: [round6(lon), round6(lat)],
    offMetres: Math.round(snapped.properties.pointDistance),
  };
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
