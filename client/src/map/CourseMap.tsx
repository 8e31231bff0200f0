// The course map: tiles when configured (a plain background otherwise), the course, every runner
// on one canvas, crowd density per km, and the card of a clicked runner. It draws from the race's
// field (`useField`, or a past moment turned into one), not from the race's rows: a clicked
// runner's row is fetched when clicked.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { MapContainer } from 'react-leaflet';
import { useTranslation } from 'react-i18next';
import type { LatLngBoundsExpression } from 'leaflet';
import type { EventInfo, Race } from '../../../shared/domain';
import type { Field } from '../../../shared/field-state';
import type { RunnerRow } from '../../../shared/views';
import { api } from '../api';
import { useClientConfig } from '../client-config';
import { BaseTiles } from './BaseTiles';
import { useFollow } from '../follow/FollowProvider';
import { courseLine } from './course-line';
import { densityPerKm } from './density';
import { CourseMarks } from './CourseMarks';
import { RunnerLayer } from './RunnerLayer';
import { DensityStrip } from './DensityStrip';
import { RunnerCard } from './RunnerCard';
import { CourseStrip, INSET } from './CourseStrip';
import { MapWords } from './MapWords';
import { useLive } from '../live/LiveProvider';
import { SpotOnMap, spotFromStrip } from '../follow/SpotOnMap';
import { saveSpot } from '../follow/spot-storage';
import { setPicking, usePicking } from '../follow/spot-picking';

interface Props {
  info: EventInfo;
  race: Race;
  field: Field;
  version: number;
  /** The rows of a past moment, when the page looks back: the card shows the runner as they were. */
  pastRows?: ReadonlyMap<string, RunnerRow>;
}

export function CourseMap({ info, race, field, version, pastRows }: Props) {
  const { t } = useTranslation();
  const config = useClientConfig();
  const { followed, details } = useFollow();
  const line = useMemo(() => courseLine(race), [race]);
  const [selected, setSelected] = useState<string | null>(null);
  const [density, setDensity] = useState<number[]>([]);
  const onDensity = useCallback((d: Float64Array, n: number) => setDensity(densityPerKm(d, n, race.distance)), [race.distance]);
  const { clock } = useLive();
  const now = useCallback(() => clock.now(), [clock]);
  // Followed runners come live through `runners:follow`: their names label them on the map.
  const followedNames = useMemo(() => {
    const names = new Map<string, { name: string }>();
    for (const bib of followed) {
      const row = details.get(bib);
      if (row?.name && !row.private && row.raceId === race.id) names.set(bib, { name: row.name });
    }
    return names;
  }, [followed, details, race.id]);
  const row = useSelectedRow(info.id, selected, pastRows);
  const picking = usePicking();

  if (!line) {
    // No course line: the course as a strip from start to finish, with the same estimates.
    return (
      <section
        className="map-wrap strip-wrap"
        data-testid="map"
        onClick={(e) => {
          if (!picking) return;
          // "My spot" from a click on the strip: its share of the race.
          const box = (e.currentTarget.querySelector('canvas') ?? e.currentTarget).getBoundingClientRect();
          saveSpot(info.id, spotFromStrip(race, ((e.clientX - box.left) / box.width - INSET) / (1 - 2 * INSET)));
          setPicking(false);
        }}
      >
        <div className="muted map-legend">{t('map.noCourse')}</div>
        <CourseStrip race={race} field={field} version={version} now={now} labelled={followedNames} words={{ start: t('map.start'), finish: t('map.finish') }} onDensity={setDensity} />
        <DensityStrip density={density} />
      </section>
    );
  }
  const bounds: LatLngBoundsExpression = line.coords.map(([lon, lat]): [number, number] => [lat, lon]);
  return (
    <section className="map-wrap" data-testid="map">
      <MapContainer key={race.id} className="map" bounds={bounds} boundsOptions={{ padding: [16, 16] }} preferCanvas scrollWheelZoom>
        <BaseTiles config={config} />
        <MapWords />
        <CourseMarks race={race} line={line} />
        <SpotOnMap race={race} line={line} />
        <RunnerLayer race={race} line={line} field={field} version={version} onSelect={setSelected} onDensity={onDensity} labelled={followedNames} />
      </MapContainer>
      {row && !row.private && row.bib === selected && <RunnerCard info={info} race={race} row={row} onClose={() => setSelected(null)} />}
      <DensityStrip density={density} />
    </section>
  );
}

/** The clicked runner's row: from the past moment's rows, or fetched once from the server. */
function useSelectedRow(eventId: string, bib: string | null, pastRows: ReadonlyMap<string, RunnerRow> | undefined): RunnerRow | null {
  const [fetched, setFetched] = useState<RunnerRow | null>(null);
  useEffect(() => {
    setFetched(null);
    if (!bib || pastRows) return;
    const controller = new AbortController();
    api
      .runner(eventId, bib, controller.signal)
      .then(setFetched)
      .catch(() => {});
    return () => controller.abort();
  }, [eventId, bib, pastRows]);
  if (!bib) return null;
  return pastRows ? (pastRows.get(bib) ?? null) : fetched;
}
