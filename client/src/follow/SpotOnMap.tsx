// "My spot" on the course map: drawn where it is, and set by a click on the map once the spot
// panel asked for one (the nearest point of the course line).
import { useMemo } from 'react';
import { CircleMarker, Tooltip, useMapEvents } from 'react-leaflet';
import { useTranslation } from 'react-i18next';
import { lineString, point } from '@turf/helpers';
import { nearestPointOnLine } from '@turf/nearest-point-on-line';
import type { Race } from '../../../shared/domain';
import { positionAt, type CourseLine } from '../map/course-line';
import { useEventInfo } from '../live/event-context';
import { saveSpot, useSpot } from './spot-storage';
import { setPicking, usePicking } from './spot-picking';

export function SpotOnMap({ race, line }: { race: Race; line: CourseLine }) {
  const info = useEventInfo();
  const { t } = useTranslation();
  const spot = useSpot(info.id);
  const picking = usePicking();
  const course = useMemo(() => lineString(line.coords.map(([lon, lat]) => [lon, lat])), [line]);
  useMapEvents({
    click(e) {
      if (!picking) return;
      const nearest = nearestPointOnLine(course, point([e.latlng.lng, e.latlng.lat]), { units: 'meters' });
      // Metres along the drawn line, as race metres (one lap's on a loop).
      const distance = Math.round((nearest.properties.lineDistance / line.lineLength) * line.span);
      saveSpot(info.id, { raceId: race.id, distance: Math.min(distance, line.span) });
      setPicking(false);
    },
  });
  if (!spot || spot.raceId !== race.id) return null;
  const [lon, lat] = positionAt(line, spot.distance);
  return (
    <CircleMarker center={[lat, lon]} radius={9} pathOptions={{ color: '#fff', weight: 3, fillColor: '#db2777', fillOpacity: 1 }}>
      <Tooltip direction="bottom" permanent>
        {t('spot.mine')}
      </Tooltip>
    </CircleMarker>
  );
}

/** A click on the course strip while picking: the spot at that share of the race. */
export function spotFromStrip(race: Race, share: number): { raceId: string; distance: number } {
  const span = race.kind === 'loop' && race.loop ? race.loop.length : race.distance;
  const distance = Math.round(Math.min(1, Math.max(0, share)) * race.distance);
  return { raceId: race.id, distance: race.kind === 'loop' && race.loop ? distance % span : distance };
}
