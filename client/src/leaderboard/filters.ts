// A leaderboard filter in the URL, so a filtered board can be shared; the choices come from the server.
export { filterOptions, type FilterOptions } from '../../../shared/board/filters';
import { FILTER_KEYS, type FilterKey, type LeaderboardFilter } from '../../../shared/board/filters';

/** The filter from URL search parameters, so a filtered board can be shared. */
export function filterFromParams(params: URLSearchParams): LeaderboardFilter {
  const filter: LeaderboardFilter = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) filter[k] = v;
  }
  return filter;
}

export function withFilter(params: URLSearchParams, key: FilterKey, value: string): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value) next.set(key, value);
  else next.delete(key);
  return next;
}
