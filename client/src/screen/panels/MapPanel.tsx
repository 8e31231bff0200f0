// The course and the field, from the app's map pieces (course line and marks, the canvas runner
// layer), without the spectator's controls: nothing to click or drag on a stadium screen. The
// course is drawn as SVG so the screen's stylesheet can make it bright enough for the stands.
import { useMemo } from 'react';
import { MapContainer } from 'react-leaflet';
import type { Race } from '../../../../shared/domain';
import { useClientConfig } from '../../client-config';
import { BaseTiles } from '../../map/BaseTiles';
import type { RaceState } from '../../live/race-state';
import { courseLine } from '../../map/course-line';
import { CourseMarks } from '../../map/CourseMarks';
import { RunnerLayer } from '../../map/RunnerLayer';
import { useScreenT } from '../screen-i18n';
import { Panel } from './common';

const NO_ONE: readonly string[] = [];
const ignore = () => {};

export function MapPanel({ race, state, version }: { race: Race; state: RaceState; version: number }) {
  const t = useScreenT();
  const config = useClientConfig();
  const line = useMemo(() => courseLine(race), [race]);
  if (!line) return null;
  const bounds = line.coords.map(([lon, lat]): [number, number] => [lat, lon]);
  return (
    <Panel kind="map" title={t('map')} subtitle={race.name}>
      <div className="screen-map" data-testid="screen-map">
        <MapContainer
          key={race.id}
          bounds={bounds}
          boundsOptions={{ padding: [24, 24] }}
          zoomControl={false}
          dragging={false}
          scrollWheelZoom={false}
          doubleClickZoom={false}
          touchZoom={false}
          boxZoom={false}
          keyboard={false}
          attributionControl={Boolean(config?.tileUrl)}
        >
          <BaseTiles config={config} />
          <CourseMarks race={race} line={line} />
          <RunnerLayer race={race} line={line} state={state} version={version} followed={NO_ONE} onSelect={ignore} onDensity={ignore} />
        </MapContainer>
      </div>
    </Panel>
  );
}
