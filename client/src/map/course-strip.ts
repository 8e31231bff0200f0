// The course as a straight strip, start to finish, for races without a course line: where each
// mat sits along it and which lane a runner's dot takes so a crowd spreads out instead of stacking.
import type { Race } from '../../../shared/domain';

export interface StripMark {
  distance: number;
  /** 0 at the start, 1 at the finish. */
  at: number;
  label: string | null;
  kind: 'start' | 'mat' | 'finish';
}

/** At most this many lap marks get a label; more would overlap. */
const LABELLED_LAPS = 12;

export function stripMarks(race: Race, finishLabel: string, startLabel: string): StripMark[] {
  const total = race.distance;
  const marks: StripMark[] = [{ distance: 0, at: 0, label: startLabel, kind: 'start' }];
  if (race.kind === 'loop' && race.loop) {
    const { length, laps } = race.loop;
    for (let lap = 1; lap < laps; lap++) marks.push({ distance: lap * length, at: (lap * length) / total, label: laps <= LABELLED_LAPS ? String(lap) : null, kind: 'mat' });
  } else {
    for (const p of race.timingPoints) {
      if (p.kind !== 'split' || p.distance <= 0 || p.distance >= total) continue;
      marks.push({ distance: p.distance, at: p.distance / total, label: p.name, kind: 'mat' });
    }
  }
  marks.push({ distance: total, at: 1, label: finishLabel, kind: 'finish' });
  return marks;
}

/** Fraction of the strip for a distance run, clamped to the strip. */
export const stripAt = (distance: number, raceDistance: number) => Math.min(1, Math.max(0, distance / raceDistance));

/** A runner's lane from -1 to 1, the same for a bib every time (so dots do not jump between lanes). */
export function laneOf(bib: string): number {
  let h = 2166136261;
  for (let i = 0; i < bib.length; i++) h = Math.imul(h ^ bib.charCodeAt(i), 16777619);
  return (((h >>> 0) % 2001) / 1000) - 1;
}

/** Room a mat's label takes per character at the strip's 0.8rem type, and between two labels, in px. */
const LABEL_CHAR_PX = 7.5;
const LABEL_GAP_PX = 6;

/**
 * The marks whose labels fit a strip `widthPx` wide, the others left as bare ticks: start and finish
 * first, then the mats from the start, each only where it clears every label kept (on a phone,
 * "20K" and "Half" 1.1 km apart would print over each other). `left` and `span` place a mark, as
 * fractions of the width.
 */
export function fittingLabels(marks: readonly StripMark[], widthPx: number, left: number, span: number): Set<StripMark> {
  const fits = new Set<StripMark>();
  // Not laid out yet: every label, until the width is known.
  if (widthPx <= 0) return new Set(marks.filter((m) => m.label));
  const kept: { from: number; to: number }[] = [];
  const order = [...marks.filter((m) => m.kind !== 'mat'), ...marks.filter((m) => m.kind === 'mat')];
  for (const m of order) {
    if (!m.label) continue;
    const at = (left + m.at * span) * widthPx;
    const wide = m.label.length * LABEL_CHAR_PX;
    // Mats' labels are centred on their tick; the start's runs from it inwards, the finish's up to it.
    const from = m.kind === 'start' ? at : m.kind === 'finish' ? at - wide : at - wide / 2;
    const box = { from: from - LABEL_GAP_PX / 2, to: from + wide + LABEL_GAP_PX / 2 };
    if (kept.some((k) => box.from < k.to && k.from < box.to)) continue;
    kept.push(box);
    fits.add(m);
  }
  return fits;
}

/** More dots than this share of the band's area would cover it: the crowd is drawn as its shape. */
const CROWDED_COVER = 0.5;

export function isCrowded(runners: number, bandAreaPx: number, dotRadius: number): boolean {
  return runners * Math.PI * dotRadius * dotRadius > bandAreaPx * CROWDED_COVER;
}

/**
 * Runners per column of `columnPx` across a strip, from their distances: the crowd's shape where
 * dots would merge into one block. Each column's height is then drawn from its share of the fullest.
 */
export function crowdColumns(distances: Float64Array, count: number, raceDistance: number, widthPx: number, columnPx: number): Uint32Array {
  const columns = new Uint32Array(Math.max(1, Math.ceil(widthPx / columnPx)));
  for (let i = 0; i < count; i++) {
    const c = Math.min(columns.length - 1, Math.floor(stripAt(distances[i], raceDistance) * columns.length));
    columns[c] += 1;
  }
  return columns;
}
