// The announcer's list: who reaches the chosen timing point next, over the chosen races, with the
// place each runner holds now. Pure; the ordering itself is shared/engine/approaching.ts.
import type { Race } from '../../../shared/domain';
import { approaching } from '../../../shared/engine/approaching';
import { targetIn } from '../../../shared/stage';
import { leaderboard } from '../../../shared/board/leaderboard';
import type { LeaderboardEntry, RunnerRow } from '../../../shared/views';

/** "finish" or a timing point id; a race without that point is not on the list. */
export type SpeakerPoint = string;

export interface SpeakerEntry {
  runner: LeaderboardEntry;
  raceId: string;
  eta: number;
  /** 80 % range of the ETA, epoch ms; null without one. */
  range: [number, number] | null;
  toGo: number;
}

export { targetIn };

/** Timing points the announcer can pick: the finish, then every split or lap mat of the races, once each. */
export function pointChoices(races: readonly Race[]): { id: SpeakerPoint; name: string }[] {
  const choices = new Map<string, string>([['finish', 'Finish']]);
  const names = new Set<string>();
  for (const race of races) {
    for (const p of [...race.timingPoints].sort((a, b) => a.distance - b.distance)) {
      if ((p.kind !== 'split' && p.kind !== 'lap') || choices.has(p.id)) continue;
      // Two races' "5 km" mats are told apart by the race's name.
      choices.set(p.id, race.kind === 'loop' || names.has(p.name) ? `${p.name} (${race.name})` : p.name);
      names.add(p.name);
    }
  }
  return [...choices].map(([id, name]) => ({ id, name }));
}

export interface SpeakerOptions {
  now: number;
  horizonMs: number;
  /** Runners a little slower than projected stay on the list until the mat reads them. */
  overdueMs: number;
  limit: number;
}

export function speakerList(races: readonly { race: Race; rows: Iterable<RunnerRow> }[], point: SpeakerPoint, options: SpeakerOptions): SpeakerEntry[] {
  const all: SpeakerEntry[] = [];
  for (const { race, rows } of races) {
    const target = targetIn(race, point);
    if (!target) continue;
    const placed = leaderboard(rows, { ranking: race.ranking }).entries;
    for (const a of approaching(race, target, placed, options)) all.push({ runner: a.runner, raceId: race.id, eta: a.eta, range: a.range, toGo: a.toGo });
  }
  return all.sort((a, b) => a.eta - b.eta || a.toGo - b.toGo).slice(0, options.limit);
}
