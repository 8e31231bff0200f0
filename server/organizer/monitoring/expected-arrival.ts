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

/**
 * A runner as monitoring sees them: on course with the next mat and when they are expected there.
 * No etaSource: the engine's own row (its projection from the runner's splits, or no arrival).
 */
export interface MonitoredRunner extends RunnerDetail {
  etaSource?: EtaSource;
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

/**
 * Every runner of one race, those on course (or started by their gun) with an expected arrival.
 * Rows the engine already projects are passed on as they are: a report covers the whole field
 * every couple of seconds, so only the runners that need an estimate are copied.
 */
export function monitoredRunners(race: Race, runners: readonly RunnerDetail[], entrantOf: (bib: string) => Entrant | undefined, now: number): MonitoredRunner[] {
  const limit = cutoffPace(race);
  let field: number | null | undefined;
  return runners.map((r): MonitoredRunner => {
    if (r.status === 'onCourse' ? r.nextEta !== null : r.status !== 'registered') return r;
    const entrant = entrantOf(r.bib);
    const gun = entrant ? gunTimeOf(entrant, race) : null;
    // Started: read at the start, or their gun went and nobody marked them DNS.
    const gunStarted = r.status === 'registered' && entrant?.status === 'registered' && gun !== null && gun <= now;
    if (r.status !== 'onCourse' && !gunStarted) return r;
    const startTime = r.startTime ?? gun;
    const next = nextTimingPoint(race, r.lastDistance, r.laps ?? 0);
    if (startTime === null || !next) return r;
    const seed = entrant?.seedSeconds !== undefined ? entrant.seedSeconds / (race.distance / 1000) : null;
    if (seed === null && field === undefined) field = fieldPace(runners);
    const wanted = seed ?? field ?? null;
    const pace = wanted === null ? limit : limit === null ? wanted : Math.min(wanted, limit);
    if (pace === null) return { ...r, status: 'onCourse', startTime, nextPoint: next.id };
    const source: EtaSource = pace !== wanted ? 'cutoff' : seed !== null ? 'seed' : 'field';
    return { ...r, status: 'onCourse', startTime, nextPoint: next.id, nextEta: Math.round(startTime + pace * next.distance), etaSource: source };
  });
}
