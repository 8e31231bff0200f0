// A leaderboard filter in the URL, so a filtered board can be shared; the choices come from the server.
export { filterOptions, type FilterOptions } from '../../../shared/race-view';
import type { LeaderboardFilter } from '../../../shared/standings';

const KEYS = ['gender', 'ageGroup', 'country'] as const;

/** The filter from URL search parameters, so a filtered board can be shared. */
export function filterFromParams(params: URLSearchParams): LeaderboardFilter {
  const filter: LeaderboardFilter = {};
  for (const k of KEYS) {
    const v = params.get(k);
    if (v) filter[k] = v;
  }
  return filter;
}

export function withFilter(params: URLSearchParams, key: (typeof KEYS)[number], value: string): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value) next.set(key, value);
  else next.delete(key);
  return next;
}
