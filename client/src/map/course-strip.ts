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
