// The course on a map with its timing points; a click asks the server to snap the point to the
// course (distance from the start) and, once confirmed, adds a mat there.
import { useEffect, useMemo } from 'react';
import { CircleMarker, MapContainer, Polyline, Tooltip, useMap, useMapEvents } from 'react-leaflet';
import type { LatLngTuple } from 'leaflet';
import { useTranslation } from 'react-i18next';
import type { Race } from '../../../shared/domain';
import { useClientConfig } from '../client-config';
import { BaseTiles } from '../map/BaseTiles';
import { MapWords } from '../map/MapWords';

function ClickToPick({ onPick }: { onPick: (lonLat: [number, number]) => void }) {
  useMapEvents({ click: (e) => onPick([e.latlng.lng, e.latlng.lat]) });
  return null;
}

function FitCourse({ line }: { line: LatLngTuple[] }) {
  const map = useMap();
  useEffect(() => {
    if (line.length >= 2) map.fitBounds(line, { padding: [16, 16] });
  }, [map, line]);
  return null;
}

export function CoursePicker({ race, pending, onPick }: { race: Race; pending: { position: [number, number] } | null; onPick: (lonLat: [number, number]) => void }) {
  const config = useClientConfig();
  const { t } = useTranslation();
  const line = useMemo<LatLngTuple[]>(() => (race.course ?? []).map(([lon, lat]) => [lat, lon]), [race.course]);
  if (line.length < 2) return <p className="muted">{t('console.coursePicker.noCourse')}</p>;
  return (
    <MapContainer className="console-map" center={line[0]} zoom={13} scrollWheelZoom={false}>
      <BaseTiles config={config} />
      <MapWords />
      <Polyline positions={line} pathOptions={{ color: '#0f766e', weight: 4 }} />
      {race.timingPoints.map((p) =>
        p.position ? (
          <CircleMarker key={p.id} center={[p.position[1], p.position[0]]} radius={6} pathOptions={{ color: '#17202a', fillOpacity: 1 }}>
            <Tooltip>{p.name}</Tooltip>
          </CircleMarker>
        ) : null,
      )}
      {pending && <CircleMarker center={[pending.position[1], pending.position[0]]} radius={8} pathOptions={{ color: '#b45309' }} />}
      <FitCourse line={line} />
      <ClickToPick onPick={onPick} />
    </MapContainer>
  );
}
