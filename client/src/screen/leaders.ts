// Leaders of a race and gender with their time at the last mat, the gap to the leader and the
// projected finish; and the podium once three have finished. Pure, from the race's rows.
import type { Gender, Race } from '../../../shared/domain';
import { compareRows } from '../../../shared/board/order';
import type { LeaderboardEntry, RunnerRow } from '../../../shared/views';
import { topOf } from './screen-selectors';

export interface LeaderLine extends LeaderboardEntry {
  /** Ranking time (net or gun) at the last mat passed, the finish time once finished. */
  time: number | null;
  /** Behind the leader in ms; null for the leader and when it cannot be told. */
  gap: number | null;
  /** True when the leader passed this runner's last mat long ago and the gap is from the leader's pace. */
  gapEstimated: boolean;
  /** Projected finish on the race's ranking time, while on course. */
  projected: number | null;
}

const coveredOf = (race: Race, r: RunnerRow) => (r.status === 'finished' ? race.distance : r.lastDistance);

export function rankingTime(race: Race, r: RunnerRow): number | null {
  if (race.ranking === 'gun') return r.status === 'finished' ? r.gunTime : r.lastGun;
  return r.status === 'finished' ? r.netTime : r.lastNet;
}

function projectedOf(race: Race, r: RunnerRow): number | null {
  if (r.status !== 'onCourse' || r.projectedNet === null) return null;
  // On gun time the runner's start delay counts too.
  const delay = race.ranking === 'gun' && r.lastGun !== null && r.lastNet !== null ? r.lastGun - r.lastNet : 0;
  return r.projectedNet + delay;
}

/**
 * The leader's time at `distance`: exact where both passed the same mat; where the leader is
 * further on, at the leader's average pace so far (the rows carry no splits).
 */
function leaderAt(race: Race, leader: RunnerRow, distance: number): { time: number; estimated: boolean } | null {
  const time = rankingTime(race, leader);
  const covered = coveredOf(race, leader);
  if (time === null || covered <= 0 || distance <= 0) return null;
  if (Math.abs(covered - distance) < 1e-6) return { time, estimated: false };
  if (covered < distance) return null;
  return { time: (time * distance) / covered, estimated: true };
}

export function leaderLines(race: Race, rows: Iterable<RunnerRow>, gender: Gender, n: number): LeaderLine[] {
  const top = topOf(race, rows, gender, n);
  const leader = top[0];
  return top.map((e, i) => {
    const time = rankingTime(race, e);
    let at = i === 0 || time === null ? null : leaderAt(race, leader, coveredOf(race, e));
    // Ahead of the leader's average pace there: the estimate says nothing useful.
    if (at && at.estimated && time! < at.time) at = null;
    return {
      ...e,
      time,
      gap: at ? Math.max(0, time! - at.time) : null,
      gapEstimated: at?.estimated ?? false,
      projected: projectedOf(race, e),
    };
  });
}

export interface PodiumGroup {
  gender: Gender;
  entries: LeaderboardEntry[];
}

/** The first three finishers per gender, once the race has three finishers; null before. */
export function podium(race: Race, rows: readonly RunnerRow[], genders: readonly Gender[]): PodiumGroup[] | null {
  let finished = 0;
  for (const r of rows) if (r.status === 'finished') finished++;
  if (finished < 3) return null;
  return genders
    .map((gender) => ({ gender, entries: topOf(race, rows, gender, 3).filter((e) => e.status === 'finished') }))
    .filter((g) => g.entries.length > 0);
}

/** The first `n` runners still on course per gender, private entrants left out: the map labels them. */
export function leadersOnCourse(race: Race, rows: Iterable<RunnerRow>, n: number): RunnerRow[] {
  const list = [...rows].filter((r) => r.status === 'onCourse' && !r.private && r.name !== null).sort((a, b) => compareRows(a, b, race.ranking));
  const count = new Map<Gender, number>();
  return list.filter((r) => {
    const c = count.get(r.gender) ?? 0;
    count.set(r.gender, c + 1);
    return c < n;
  });
}
