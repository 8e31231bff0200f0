// The course map: tiles when configured (a plain background otherwise), the course, every runner
// on one canvas, crowd density per km, and the card of a clicked runner.
import { useCallback, useMemo, useState } from 'react';
import { MapContainer } from 'react-leaflet';
import { useTranslation } from 'react-i18next';
import type { LatLngBoundsExpression } from 'leaflet';
import type { EventInfo, Race } from '../../../shared/domain';
import type { RaceState } from '../live/race-state';
import { useClientConfig } from '../client-config';
import { BaseTiles } from './BaseTiles';
import { useFollow } from '../follow/FollowProvider';
import { courseLine } from './course-line';
import { densityPerKm } from './density';
import { CourseMarks } from './CourseMarks';
import { RunnerLayer } from './RunnerLayer';
import { DensityStrip } from './DensityStrip';
import { RunnerCard } from './RunnerCard';

interface Props {
  info: EventInfo;
  race: Race;
  state: RaceState;
  version: number;
}

export function CourseMap({ info, race, state, version }: Props) {
  const { t } = useTranslation();
  const config = useClientConfig();
  const { followed } = useFollow();
  const line = useMemo(() => courseLine(race), [race]);
  const [selected, setSelected] = useState<string | null>(null);
  const [density, setDensity] = useState<number[]>([]);
  const onDensity = useCallback((d: Float64Array, n: number) => setDensity(densityPerKm(d, n, race.distance)), [race.distance]);

  if (!line) return <div className="map-wrap page muted">{t('map.noCourse')}</div>;
  const bounds: LatLngBoundsExpression = line.coords.map(([lon, lat]): [number, number] => [lat, lon]);
  const row = selected ? state.rows.get(selected) : undefined;
  return (
    <section className="map-wrap" data-testid="map">
      <MapContainer key={race.id} className="map" bounds={bounds} boundsOptions={{ padding: [16, 16] }} preferCanvas scrollWheelZoom>
        <BaseTiles config={config} />
        <CourseMarks race={race} line={line} />
        <RunnerLayer race={race} line={line} state={state} version={version} followed={followed} onSelect={setSelected} onDensity={onDensity} />
      </MapContainer>
      {row && !row.private && <RunnerCard info={info} race={race} row={row} onClose={() => setSelected(null)} />}
      <DensityStrip density={density} />
    </section>
  );
}
