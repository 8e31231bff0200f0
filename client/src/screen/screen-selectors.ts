// What each panel shows, computed from the races' rows. Pure and bounded: every list is cut to the
// few rows a screen can show, so nothing grows with the hours the screen runs.
import type { Gender, Race } from '../../../shared/domain';
import { compareRows } from '../../../shared/board/order';
import { leaderboard } from '../../../shared/board/leaderboard';
import type { LeaderboardEntry, RunnerRow } from '../../../shared/views';

export interface RaceRows {
  race: Race;
  rows: Iterable<RunnerRow>;
}

/** Genders that have entrants in the race, women first as results lists usually read. */
export function gendersOf(rows: Iterable<RunnerRow>): Gender[] {
  const seen = new Set<Gender>();
  for (const r of rows) seen.add(r.gender);
  return (['F', 'M', 'X'] as const).filter((g) => seen.has(g));
}

/** The first `n` of one gender: finishers by time, then the leaders still on course. */
export function topOf(race: Race, rows: Iterable<RunnerRow>, gender: Gender, n: number): LeaderboardEntry[] {
  return leaderboard(rows, { ranking: race.ranking, filter: { gender }, limit: n }).entries.filter(
    (e) => e.status === 'finished' || e.status === 'onCourse',
  );
}

export interface Finisher extends LeaderboardEntry {
  raceId: string;
}

/** The last `n` finishers over the given races, most recent first (by the time they crossed the line). */
export function latestFinishers(races: readonly RaceRows[], n: number): Finisher[] {
  const found: Finisher[] = [];
  for (const { race, rows } of races) {
    const finished: RunnerRow[] = [];
    for (const r of rows) if (r.status === 'finished' && r.lastTime !== null) finished.push(r);
    if (finished.length === 0) continue;
    finished.sort((a, b) => b.lastTime! - a.lastTime!);
    const recent = new Set(finished.slice(0, n).map((r) => r.bib));
    // Places come from the whole race; only the recent ones are kept.
    for (const e of leaderboard(rows, { ranking: race.ranking }).entries) if (recent.has(e.bib)) found.push({ ...e, raceId: race.id });
  }
  return found.sort((a, b) => b.lastTime! - a.lastTime! || (a.places?.overall ?? 0) - (b.places?.overall ?? 0)).slice(0, n);
}

/** Epoch ms of the most recent finish over the races; null before the first. */
export function lastFinishTime(races: readonly RaceRows[]): number | null {
  let last: number | null = null;
  for (const { rows } of races) for (const r of rows) if (r.status === 'finished' && r.lastTime !== null && (last === null || r.lastTime > last)) last = r.lastTime;
  return last;
}

/**
 * The leader of each race and gender, as "race/gender" → bib, to notice a change of leader. One pass
 * over the rows (it runs on every update), with the order the leaderboard uses.
 */
export function leadersOf(races: readonly RaceRows[]): Map<string, string> {
  const leaders = new Map<string, string>();
  for (const { race, rows } of races) {
    const best = new Map<Gender, RunnerRow>();
    for (const r of rows) {
      if (r.status !== 'finished' && r.status !== 'onCourse') continue;
      const current = best.get(r.gender);
      if (!current || compareRows(r, current, race.ranking) < 0) best.set(r.gender, r);
    }
    for (const [gender, row] of best) leaders.set(`${race.id}/${gender}`, row.bib);
  }
  return leaders;
}

/** Race ids whose leader changed between two readings (a leader appearing for the first time is not news). */
export function changedLeaders(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): string[] {
  const races = new Set<string>();
  for (const [key, bib] of after) {
    const prev = before.get(key);
    if (prev !== undefined && prev !== bib) races.add(key.slice(0, key.lastIndexOf('/')));
  }
  return [...races];
}

export interface NationCount {
  country: string;
  finished: number;
  onCourse: number;
}

/** Runners per country who started (finished or still out), most first; the rest of the world is cut. */
export function nations(races: readonly RaceRows[], n: number): NationCount[] {
  const counts = new Map<string, NationCount>();
  for (const { rows } of races) {
    for (const r of rows) {
      if (!r.country || (r.status !== 'finished' && r.status !== 'onCourse')) continue;
      let c = counts.get(r.country);
      if (!c) counts.set(r.country, (c = { country: r.country, finished: 0, onCourse: 0 }));
      if (r.status === 'finished') c.finished++;
      else c.onCourse++;
    }
  }
  return [...counts.values()]
    .sort((a, b) => b.finished + b.onCourse - (a.finished + a.onCourse) || b.finished - a.finished || a.country.localeCompare(b.country))
    .slice(0, n);
}
