// When every started runner is expected at their next mat, the first one after the start
// included. The engine projects only runners with a split past the start; here a runner read only
// at the start, or started by their wave's gun without any read, gets an expected arrival too:
// from their seed (declared) time when the entrant file has one, else from the pace the field of
// their race has shown so far, and never slower than the race's cut-off pace. Pure.
import type { Entrant, Race } from '../../../shared/domain';
import { gunTimeOf, nextTimingPoint } from '../../../shared/engine/derive-runner';
import type { RunnerDetail } from '../../../shared/views';

/** Where an expected arrival comes from: the runner's own splits, their seed time, the field, the cut-off. */
export type EtaSource = 'splits' | 'seed' | 'field' | 'cutoff';

/** A runner as monitoring sees them: on course with the next mat and when they are expected there. */
export interface MonitoredRunner extends RunnerDetail {
  etaSource: EtaSource | null;
}

/**
 * The field's pace (s/km) for an expected arrival: the slower quartile of the average paces shown
 * so far, so that "due" means most of the field would have been there by now.
 */
export const FIELD_PACE_QUANTILE = 0.75;

export function fieldPace(runners: readonly RunnerDetail[]): number | null {
  const paces = runners.flatMap((r) => ((r.status === 'onCourse' || r.status === 'finished') && r.pace !== null && r.pace > 0 ? [r.pace] : [])).sort((a, b) => a - b);
  if (paces.length === 0) return null;
  return paces[Math.min(paces.length - 1, Math.floor(FIELD_PACE_QUANTILE * paces.length))];
}

/** The race's cut-off as an average pace (s/km), when it has one. */
export function cutoffPace(race: Race): number | null {
  return race.cutoffSeconds !== undefined ? race.cutoffSeconds / (race.distance / 1000) : null;
}

/** Every runner of one race, those on course (or started by their gun) with an expected arrival. */
export function monitoredRunners(race: Race, runners: readonly RunnerDetail[], entrants: ReadonlyMap<string, Entrant>, now: number): MonitoredRunner[] {
  const field = fieldPace(runners);
  const limit = cutoffPace(race);
  const bounded = (pace: number | null) => (pace === null ? limit : limit === null ? pace : Math.min(pace, limit));
  return runners.map((r) => {
    if (r.status === 'onCourse' && r.nextEta !== null) return { ...r, etaSource: 'splits' };
    const entrant = entrants.get(r.bib);
    const gun = entrant ? gunTimeOf(entrant, race) : null;
    // Started: read at the start, or their gun went and nobody marked them DNS.
    const gunStarted = r.status === 'registered' && entrant?.status === 'registered' && gun !== null && gun <= now;
    if (r.status !== 'onCourse' && !gunStarted) return { ...r, etaSource: null };
    const startTime = r.startTime ?? gun;
    const next = nextTimingPoint(race, r.lastDistance, r.laps ?? 0);
    if (startTime === null || !next) return { ...r, etaSource: null };
    const seed = entrant?.seedSeconds !== undefined ? entrant.seedSeconds / (race.distance / 1000) : null;
    const pace = bounded(seed ?? field);
    if (pace === null) return { ...r, status: 'onCourse', startTime, nextPoint: next.id, etaSource: null };
    const source: EtaSource = limit !== null && pace === limit && (seed ?? field ?? Infinity) > limit ? 'cutoff' : seed !== null ? 'seed' : 'field';
    return { ...r, status: 'onCourse', startTime, nextPoint: next.id, nextEta: Math.round(startTime + pace * next.distance), etaSource: source };
  });
}
