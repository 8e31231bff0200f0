// The course line, start and finish, timing points and km markers.
import { CircleMarker, Polyline, Tooltip } from 'react-leaflet';
import type { Race } from '../../../shared/domain';
import { positionAt, type CourseLine } from './course-line';

export const COURSE_COLOUR = '#2563eb';

export function CourseMarks({ race, line }: { race: Race; line: CourseLine }) {
  const km: { k: number; at: [number, number] }[] = [];
  if (!line.loop) {
    for (let k = 1; k * 1000 < race.distance; k++) {
      const [lon, lat] = positionAt(line, k * 1000);
      km.push({ k, at: [lat, lon] });
    }
  }
  return (
    <>
      <Polyline positions={line.coords.map(([lon, lat]): [number, number] => [lat, lon])} pathOptions={{ color: COURSE_COLOUR, weight: 5, opacity: 0.85 }} interactive={false} />
      {km.map(({ k, at }) => (
        <CircleMarker key={k} center={at} radius={3} pathOptions={{ color: '#1e3a8a', weight: 1, fillColor: '#fff', fillOpacity: 1 }}>
          <Tooltip direction="top">{k} km</Tooltip>
        </CircleMarker>
      ))}
      {race.timingPoints.map((p) => {
        const [lon, lat] = p.position ?? positionAt(line, p.distance);
        const colour = p.kind === 'start' ? '#15803d' : p.kind === 'finish' ? '#111827' : '#0f766e';
        return (
          <CircleMarker key={p.id} center={[lat, lon]} radius={p.kind === 'split' ? 6 : 8} pathOptions={{ color: '#fff', weight: 2, fillColor: colour, fillOpacity: 1 }}>
            <Tooltip direction="top" permanent={p.kind !== 'split'}>
              {p.name}
            </Tooltip>
          </CircleMarker>
        );
      })}
    </>
  );
}
