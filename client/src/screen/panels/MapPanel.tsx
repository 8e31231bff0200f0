// The course and the field for the stands: dots sized for the screen (over 1 % of its height), the
// leaders on course labelled with name and flag, the density along the course beneath. The field
// is the race's compact stream, as every map gets it (taken by the screen's feeds); the labels come
// from the race's stage. A race
// without a course line shows the course strip instead. No controls: nothing to click on a screen.
// The course is drawn as SVG so the screen's stylesheet can make it bright enough for the stands.
import { useCallback, useMemo, useState } from 'react';
import { MapContainer } from 'react-leaflet';
import type { EventInfo, Race } from '../../../../shared/domain';
import { useClientConfig } from '../../client-config';
import { BaseTiles } from '../../map/BaseTiles';
import { flagUrl } from '../../Flag';
import { useLive } from '../../live/LiveProvider';
import type { RaceStage } from '../../../../shared/stage';
import { emptyField, type Field } from '../../../../shared/field-state';
import { courseLine } from '../../map/course-line';
import { CourseMarks } from '../../map/CourseMarks';
import { CourseStrip } from '../../map/CourseStrip';
import { densityPerKm } from '../../map/density';
import { DensityStrip } from '../../map/DensityStrip';
import { RunnerLayer } from '../../map/RunnerLayer';
import { useScreenT } from '../screen-i18n';
import { useViewportHeight } from '../use-screen-clock';
import { Panel } from './common';

const ignore = () => {};

/** Dot diameter (2r + 1) at least 1.2 % of the screen's height; labels 2.4 %. */
export const screenSizes = (height: number) => ({ dotRadius: Math.ceil(0.006 * height), labelPx: Math.round(0.024 * height) });

export function MapPanel({ info, race, stage, field: given, version }: { info: EventInfo; race: Race; stage: RaceStage; field: Field | undefined; version: number }) {
  const t = useScreenT();
  const config = useClientConfig();
  const { clock } = useLive();
  const line = useMemo(() => courseLine(race), [race]);
  const height = useViewportHeight();
  const sizes = useMemo(() => screenSizes(height), [height]);
  const [density, setDensity] = useState<number[]>([]);
  const onDensity = useCallback((d: Float64Array, n: number) => setDensity(densityPerKm(d, n, race.distance)), [race.distance]);
  const leaderKey = stage.onCourse.map((r) => r.bib).join(',');
  const labelled = useMemo(() => {
    const map = new Map<string, { name: string; flag: string | null }>();
    for (const row of stage.onCourse) if (row.name) map.set(row.bib, { name: row.name, flag: flagUrl(info.countries, row.country) ?? null });
    return map;
    // leaderKey stands for the labelled runners.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [leaderKey, info.countries]);
  const now = useCallback(() => clock.now(), [clock]);
  // Until the field's snapshot comes: the course without runners.
  const none = useMemo(() => emptyField(), []);
  const field = given ?? none;
  const densityWords = { title: t('density'), count: (n: number) => t('onCourseCount', { count: n }) };
  const bounds = line?.coords.map(([lon, lat]): [number, number] => [lat, lon]);
  return (
    <Panel kind="map" title={t('map')} subtitle={race.name}>
      <div className="screen-map-wrap">
        {line && bounds ? (
          <div className="screen-map" data-testid="screen-map" data-dot-radius={sizes.dotRadius}>
            <MapContainer
              key={race.id}
              bounds={bounds}
              boundsOptions={{ padding: [sizes.labelPx * 2, sizes.labelPx * 2] }}
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
              <RunnerLayer race={race} line={line} field={field} version={version} onSelect={ignore} onDensity={onDensity} labelled={labelled} sizes={sizes} />
            </MapContainer>
          </div>
        ) : (
          <CourseStrip race={race} field={field} version={version} now={now} dotRadius={sizes.dotRadius} labelPx={sizes.labelPx} labelled={labelled} words={{ start: t('start'), finish: t('finish') }} onDensity={setDensity} />
        )}
        <DensityStrip density={density} words={densityWords} />
      </div>
    </Panel>
  );
}
