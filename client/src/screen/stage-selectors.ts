// The screen's and the announcer's lists over several races, from each race's stage (shared/stage.ts):
// merged, cut to what a panel shows, and the approaching runners taken for the viewer's own clock
// and horizon. Pure.
import type { Race } from '../../../shared/domain';
import type { RaceStage } from '../../../shared/stage';
import type { SpeakerEntry } from '../speaker/speaker-list';
import type { Finisher, NationCount } from './screen-selectors';

export interface RaceStageOf {
  race: Race;
  stage: RaceStage;
}

/** The last `n` finishers over the races, most recent first, with their places in their race. */
export function latestOf(stages: readonly RaceStageOf[], n: number): Finisher[] {
  const found: Finisher[] = [];
  for (const { race, stage } of stages) for (const e of stage.latest) found.push({ ...e, raceId: race.id });
  return found.sort((a, b) => b.lastTime! - a.lastTime! || (a.places?.overall ?? 0) - (b.places?.overall ?? 0)).slice(0, n);
}

/** Who reaches the point next over the races, from `overdueMs` ago to `horizonMs` ahead of `now`, soonest first. */
export function approachingOf(stages: readonly RaceStageOf[], options: { now: number; horizonMs: number; overdueMs: number; limit: number }): SpeakerEntry[] {
  const from = options.now - options.overdueMs;
  const to = options.now + options.horizonMs;
  const all: SpeakerEntry[] = [];
  for (const { race, stage } of stages) {
    for (const a of stage.approaching) if (a.eta >= from && a.eta <= to) all.push({ runner: a.runner, raceId: race.id, eta: a.eta, range: a.range, toGo: a.toGo });
  }
  return all.sort((a, b) => a.eta - b.eta || a.toGo - b.toGo).slice(0, options.limit);
}

/** Runners out per country over the races, most first. */
export function nationsOf(stages: readonly RaceStageOf[], n: number): NationCount[] {
  const counts = new Map<string, NationCount>();
  for (const { stage } of stages) {
    for (const c of stage.nations) {
      const sum = counts.get(c.country) ?? { country: c.country, finished: 0, onCourse: 0 };
      sum.finished += c.finished;
      sum.onCourse += c.onCourse;
      counts.set(c.country, sum);
    }
  }
  return [...counts.values()]
    .sort((a, b) => b.finished + b.onCourse - (a.finished + a.onCourse) || b.finished - a.finished || a.country.localeCompare(b.country))
    .slice(0, n);
}
