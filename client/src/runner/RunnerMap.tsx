// The runner's own small map: the course (as the race page draws it) and where the runner is
// estimated to be now, from their last mat and pace. Nothing when the race has no course line.
import { useEffect, useMemo, useState } from 'react';
import { CircleMarker, MapContainer } from 'react-leaflet';
import { useTranslation } from 'react-i18next';
import type { LatLngBoundsExpression } from 'leaflet';
import type { Race } from '../../../shared/domain';
import { formatDistance } from '../../../shared/format';
import type { RunnerRow } from '../../../shared/views';
import { useClientConfig } from '../client-config';
import { BaseTiles } from '../map/BaseTiles';
import { MapWords } from '../map/MapWords';
import { CourseMarks } from '../map/CourseMarks';
import { courseLine, positionAt } from '../map/course-line';
import { estimate, trackable } from '../map/runner-estimate';
import { useLive } from '../live/LiveProvider';

const REDRAW_MS = 5_000;

export function RunnerMap({ race, runner }: { race: Race; runner: RunnerRow }) {
  const { t } = useTranslation();
  const config = useClientConfig();
  const { clock } = useLive();
  const line = useMemo(() => courseLine(race), [race]);
  const [now, setNow] = useState(() => clock.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(clock.now()), REDRAW_MS);
    return () => clearInterval(timer);
  }, [clock]);
  if (!line) return null;
  const track = trackable(runner, race);
  const distance = runner.status === 'finished' ? race.distance : track ? estimate(track, now).distance : runner.lastDistance;
  const [lon, lat] = positionAt(line, distance);
  const bounds: LatLngBoundsExpression = line.coords.map(([x, y]): [number, number] => [y, x]);
  return (
    <section className="card" data-testid="runner-map">
      <h3>
        {t('runner.map')} <small className="muted" data-testid="runner-map-distance">{t('runner.mapPosition', { distance: formatDistance(distance) })}</small>
      </h3>
      <MapContainer key={race.id} className="runner-map" bounds={bounds} boundsOptions={{ padding: [12, 12] }} preferCanvas scrollWheelZoom={false}>
        <BaseTiles config={config} />
        <MapWords />
        <CourseMarks race={race} line={line} />
        <CircleMarker center={[lat, lon]} radius={9} pathOptions={{ color: '#fff', weight: 3, fillColor: '#dc2626', fillOpacity: 1 }} interactive={false} />
      </MapContainer>
    </section>
  );
}
