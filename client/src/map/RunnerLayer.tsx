// Puts the runner canvas on the map and keeps its runners in step with the race's field.
import { useEffect, useRef } from 'react';
import { useMap, useMapEvent } from 'react-leaflet';
import type { Race } from '../../../shared/domain';
import type { Field } from '../../../shared/field-state';
import { useLive } from '../live/LiveProvider';
import type { CourseLine } from './course-line';
import { DEFAULT_SIZES, RunnerCanvasLayer, type DrawRunner, type RunnerSizes } from './runner-canvas-layer';
import { fieldTrackables } from './field-runners';

interface Props {
  race: Race;
  line: CourseLine;
  field: Field;
  /** Stands for the field's columns, which change in place. */
  version: number;
  onSelect(bib: string | null): void;
  onDensity(distances: Float64Array, count: number): void;
  /** Runners drawn with a ring and their name (followed runners, the stadium screen's leaders), with their flag. */
  labelled?: ReadonlyMap<string, { name: string; flag?: string | null }>;
  sizes?: RunnerSizes;
}

export function RunnerLayer({ race, line, field, version, onSelect, onDensity, labelled, sizes = DEFAULT_SIZES }: Props) {
  const map = useMap();
  const { clock } = useLive();
  const layer = useRef<RunnerCanvasLayer | null>(null);
  const densityRef = useRef(onDensity);
  densityRef.current = onDensity;

  useEffect(() => {
    const l = new RunnerCanvasLayer(map, line, () => clock.now(), (d, n) => densityRef.current(d, n), sizes);
    layer.current = l;
    l.start();
    return () => {
      l.remove();
      layer.current = null;
    };
    // A new size is a new layer; sizes are compared by value.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map, line, clock, sizes.dotRadius, sizes.labelPx]);

  useEffect(() => {
    const runners: DrawRunner[] = fieldTrackables(field, race).map((t) => {
      const marked = labelled?.get(t.bib);
      return { ...t, label: marked ? marked.name : null, flag: marked?.flag ?? null };
    });
    layer.current?.setRunners(runners);
    // version stands for the field's content, which changes in place.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [field, version, race, line, labelled, sizes.dotRadius, sizes.labelPx]);

  useMapEvent('click', (e) => {
    onSelect(layer.current?.nearest(e.containerPoint.x, e.containerPoint.y)?.bib ?? null);
  });

  // A hidden map (a phone's other tab) has no size: measure again when it shows.
  useEffect(() => {
    let empty = map.getSize().x === 0;
    const observer = new ResizeObserver(() => {
      map.invalidateSize();
      const size = map.getSize();
      if (empty && size.x > 0 && size.y > 0) map.fitBounds(line.coords.map(([lon, lat]): [number, number] => [lat, lon]), { padding: [16, 16] });
      empty = size.x === 0;
    });
    observer.observe(map.getContainer());
    return () => observer.disconnect();
  }, [map, line]);

  return null;
}
