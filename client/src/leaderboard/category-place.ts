// The place a leaderboard row shows. Unfiltered: the overall place. Filtered: the place in the
// category the filter picks, never the overall place of a runner who happens to be in it. Gender,
// and gender with an age group, have exact places from the server (age-group places are counted
// within a gender); any other filter (a country, an age group across genders) is placed here among
// the rows it keeps, which come in race order, ties on the same whole second sharing a place.
import type { LeaderboardFilter } from '../../../shared/board/filters';
import type { Ranking } from '../../../shared/board/order';
import type { LeaderboardEntry } from '../../../shared/views';

export type PlaceKind = 'overall' | 'gender' | 'ageGroup' | 'filtered';

export function placeKind(filter: LeaderboardFilter): PlaceKind {
  if (filter.country) return 'filtered';
  if (filter.gender && filter.ageGroup) return 'ageGroup';
  if (filter.ageGroup) return 'filtered';
  return filter.gender ? 'gender' : 'overall';
}

const second = (ms: number | null) => (ms === null ? null : Math.floor(ms / 1000));

function tied(a: LeaderboardEntry, b: LeaderboardEntry, ranking: Ranking): boolean {
  if (a.status !== 'finished' || b.status !== 'finished') return false;
  const ta = second(ranking === 'gun' ? a.gunTime : a.netTime);
  return ta !== null && ta === second(ranking === 'gun' ? b.gunTime : b.netTime);
}

/**
 * The place of the row at `index` of a (filtered) board; null for a runner not placed (not started,
 * DNF, DQ, DNS). A tie is followed back through the rows loaded; a row not loaded ends the walk.
 */
export function categoryPlace(kind: PlaceKind, entryAt: (index: number) => LeaderboardEntry | undefined, index: number, ranking: Ranking = 'net'): number | null {
  const entry = entryAt(index);
  if (!entry?.places) return null;
  if (kind === 'overall') return entry.places.overall;
  if (kind === 'gender') return entry.places.gender;
  if (kind === 'ageGroup') return entry.places.ageGroup;
  // Placed runners come before the others, so a placed row's index counts the placed rows above it.
  let first = index;
  for (let prev = entryAt(first - 1); first > 0 && prev && tied(prev, entry, ranking); prev = entryAt(first - 1)) first -= 1;
  return first + 1;
}

/** Digits of the largest place a board of `total` rows can show, for the width of the place column. */
export const placeDigits = (total: number) => Math.max(2, String(Math.max(0, Math.floor(total))).length);
