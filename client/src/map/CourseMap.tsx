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
import { CourseStrip } from './CourseStrip';
import { useLive } from '../live/LiveProvider';

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
  const { clock } = useLive();
  const now = useCallback(() => clock.now(), [clock]);
  const followedNames = useMemo(() => {
    const names = new Map<string, { name: string }>();
    for (const bib of followed) {
      const row = state.rows.get(bib);
      if (row?.name && !row.private) names.set(bib, { name: row.name });
    }
    return names;
    // `version` stands for the rows, which change in place.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [followed, state, version]);

  if (!line) {
    // No course line: the course as a strip from start to finish, with the same estimates.
    return (
      <section className="map-wrap strip-wrap" data-testid="map">
        <div className="muted map-legend">{t('map.noCourse')}</div>
        <CourseStrip race={race} state={state} version={version} now={now} labelled={followedNames} words={{ start: t('map.start'), finish: t('map.finish') }} onDensity={setDensity} />
        <DensityStrip density={density} />
      </section>
    );
  }
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
