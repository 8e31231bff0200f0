// A race without a course line, drawn as a strip from start to finish: the mats marked, every
// runner a dot at their estimated distance (the same estimate as the map), the leaders labelled,
// and the density per km beneath. Used by the stadium screen and the spectators' race page.
import { useEffect, useMemo, useRef } from 'react';
import type { Race } from '../../../shared/domain';
import type { Field } from '../../../shared/field-state';
import { fieldTrackables } from './field-runners';
import { densityPerKm } from './density';
import { laneOf, stripAt, stripMarks } from './course-strip';
import { certainty, estimate, type Trackable } from './runner-estimate';
import './course-strip.css';

/** Runners move a pixel or two a second along a strip: four frames a second are plenty. */
const DRAW_EVERY_MS = 250;
/** Share of the width left blank at each end of the strip. */
export const INSET = 0.04;
const DENSITY_EVERY_MS = 1000;

interface Props {
  race: Race;
  field: Field;
  /** Stands for the field's columns, which change in place. */
  version: number;
  now: () => number;
  /** Dot radius in CSS px. */
  dotRadius?: number;
  labelPx?: number;
  labelled?: ReadonlyMap<string, { name: string }>;
  words: { start: string; finish: string };
  onDensity?: (density: number[]) => void;
}

export function CourseStrip({ race, field, version, now, dotRadius = 3, labelPx = 12, labelled, words, onDensity }: Props) {
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const marks = useMemo(() => stripMarks(race, words.finish, words.start), [race, words.finish, words.start]);
  const runners = useMemo(() => {
    const list: { t: Trackable; label: string | null }[] = fieldTrackables(field, race).map((t) => ({ t, label: labelled?.get(t.bib)?.name ?? null }));
    return list;
    // `version` stands for the field, which changes in place.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [field, version, race, labelled]);
  const densityRef = useRef(onDensity);
  densityRef.current = onDensity;

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    let densityAt = -Infinity;
    const draw = () => {
      const ratio = window.devicePixelRatio || 1;
      const w = el.clientWidth;
      const h = el.clientHeight;
      if (el.width !== Math.round(w * ratio) || el.height !== Math.round(h * ratio)) {
        el.width = Math.round(w * ratio);
        el.height = Math.round(h * ratio);
      }
      const ctx = el.getContext('2d')!;
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, w, h);
      const left = w * INSET;
      const span = w * (1 - 2 * INSET);
      const mid = h / 2;
      // Lanes spread the crowd over the middle of the strip, clear of the mats' labels.
      const band = Math.max(0, Math.min(h * 0.28, h / 2 - dotRadius - labelPx * 2.6));
      const at = now();
      const distances = new Float64Array(runners.length);
      const labels: [number, number, string][] = [];
      for (let i = 0; i < runners.length; i++) {
        const { t, label } = runners[i];
        const e = estimate(t, at);
        distances[i] = e.distance;
        const x = left + stripAt(e.distance, race.distance) * span;
        const y = mid + laneOf(t.bib) * band;
        ctx.globalAlpha = certainty(e.age);
        ctx.fillStyle = e.overdue ? '#7c3aed' : '#ea580c';
        ctx.beginPath();
        ctx.arc(x, y, dotRadius, 0, Math.PI * 2);
        ctx.fill();
        if (label) labels.push([x, y, label]);
      }
      ctx.globalAlpha = 1;
      ctx.font = `600 ${labelPx}px system-ui, sans-serif`;
      ctx.textBaseline = 'bottom';
      for (const [x, y, label] of labels) {
        ctx.lineWidth = Math.max(2, dotRadius / 3);
        ctx.strokeStyle = '#fff';
        ctx.beginPath();
        ctx.arc(x, y, dotRadius + 2, 0, Math.PI * 2);
        ctx.stroke();
        const width = ctx.measureText(label).width;
        const tx = Math.min(Math.max(4, x - width / 2), w - width - 4);
        ctx.fillStyle = 'rgb(255 255 255 / 0.9)';
        ctx.fillRect(tx - 4, y - dotRadius - labelPx * 1.4, width + 8, labelPx * 1.3);
        ctx.fillStyle = '#17202a';
        ctx.fillText(label, tx, y - dotRadius - labelPx * 0.2);
      }
      if (performance.now() - densityAt >= DENSITY_EVERY_MS) {
        densityAt = performance.now();
        densityRef.current?.(densityPerKm(distances, distances.length, race.distance));
      }
    };
    draw();
    const timer = setInterval(draw, DRAW_EVERY_MS);
    return () => clearInterval(timer);
  }, [runners, race.distance, now, dotRadius, labelPx]);

  return (
    <div className="course-strip" data-testid="course-strip" data-runners={runners.length}>
      <div className="course-strip-track">
        <div className="course-strip-line" style={{ left: `${INSET * 100}%`, right: `${INSET * 100}%` }} />
        {marks.map((m) => (
          <div key={`${m.kind}-${m.distance}`} className={`course-strip-mark ${m.kind}`} style={{ left: `${(INSET + m.at * (1 - 2 * INSET)) * 100}%` }} data-distance={m.distance}>
            {m.label && <span>{m.label}</span>}
          </div>
        ))}
        <canvas ref={canvas} className="course-strip-runners" data-testid="strip-canvas" />
      </div>
    </div>
  );
}
