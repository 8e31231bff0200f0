// A race without a course line, drawn as a strip from start to finish: the mats marked, every
// runner a dot at their estimated distance (the same estimate as the map), the leaders labelled,
// and the density per km beneath. Used by the stadium screen and the spectators' race page. A field
// too large for dots (a major on a phone) is drawn as the crowd's shape along the strip, followed
// runners still as labelled dots; mats' labels that would print over each other are left off.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Race } from '../../../shared/domain';
import type { Field } from '../../../shared/field-state';
import { fieldTrackables } from './field-runners';
import { densityPerKm } from './density';
import { crowdColumns, fittingLabels, isCrowded, laneOf, stripAt, stripMarks } from './course-strip';
import { certainty, estimate, type Trackable } from './runner-estimate';
import './course-strip.css';

/** Runners move a pixel or two a second along a strip: four frames a second are plenty. */
const DRAW_EVERY_MS = 250;
/** Share of the width left blank at each end of the strip. */
export const INSET = 0.04;
const DENSITY_EVERY_MS = 1000;
/** Width of one column of the crowd's shape, in CSS px. */
const CROWD_COLUMN_PX = 2;

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
  const width = useWidth(canvas);
  const shownLabels = useMemo(() => fittingLabels(marks, width, INSET, 1 - 2 * INSET), [marks, width]);
  const [crowded, setCrowded] = useState(false);

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
      const crowd = isCrowded(runners.length, span * Math.max(band * 2, dotRadius * 2), dotRadius);
      setCrowded(crowd);
      const estimates = runners.map(({ t }, i) => {
        const e = estimate(t, at);
        distances[i] = e.distance;
        return e;
      });
      if (crowd) drawCrowd(ctx, crowdColumns(distances, distances.length, race.distance, span, CROWD_COLUMN_PX), left, mid, Math.max(band, dotRadius * 2));
      for (let i = 0; i < runners.length; i++) {
        const { t, label } = runners[i];
        if (crowd && !label) continue;
        const e = estimates[i];
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
    <div className="course-strip" data-testid="course-strip" data-runners={runners.length} data-mode={crowded ? 'crowd' : 'dots'}>
      <div className="course-strip-track">
        <div className="course-strip-line" style={{ left: `${INSET * 100}%`, right: `${INSET * 100}%` }} />
        {marks.map((m) => (
          <div key={`${m.kind}-${m.distance}`} className={`course-strip-mark ${m.kind}`} style={{ left: `${(INSET + m.at * (1 - 2 * INSET)) * 100}%` }} data-distance={m.distance}>
            {m.label && shownLabels.has(m) ? <span>{m.label}</span> : null}
          </div>
        ))}
        <canvas ref={canvas} className="course-strip-runners" data-testid="strip-canvas" />
      </div>
    </div>
  );
}

/** The crowd as columns centred on the line, each as tall as its share of the fullest column. */
function drawCrowd(ctx: CanvasRenderingContext2D, columns: Uint32Array, left: number, mid: number, halfHeight: number): void {
  let most = 0;
  for (const n of columns) most = Math.max(most, n);
  if (most === 0) return;
  ctx.fillStyle = '#ea580c';
  ctx.globalAlpha = 0.85;
  for (let c = 0; c < columns.length; c++) {
    if (columns[c] === 0) continue;
    const h = Math.max(1.5, (columns[c] / most) * halfHeight);
    ctx.fillRect(left + c * CROWD_COLUMN_PX, mid - h, CROWD_COLUMN_PX - 0.5, h * 2);
  }
  ctx.globalAlpha = 1;
}

/** The element's width in CSS px, kept up to date as the page resizes. */
function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
