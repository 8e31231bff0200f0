// Filter choices offered for a race: only the values its runners have.
import type { RunnerRow } from '../../../shared/views';
import type { LeaderboardFilter } from '../../../shared/standings';

export interface FilterOptions {
  genders: string[];
  ageGroups: string[];
  countries: string[];
}

export function filterOptions(rows: Iterable<RunnerRow>): FilterOptions {
  const genders = new Set<string>();
  const ageGroups = new Set<string>();
  const countries = new Set<string>();
  for (const r of rows) {
    genders.add(r.gender);
    if (r.ageGroup) ageGroups.add(r.ageGroup);
    if (r.country) countries.add(r.country);
  }
  const byNumber = (a: string, b: string) => (parseInt(a.replace(/\D/g, '') || '0', 10) - parseInt(b.replace(/\D/g, '') || '0', 10)) || a.localeCompare(b);
  return { genders: [...genders].sort(), ageGroups: [...ageGroups].sort(byNumber), countries: [...countries].sort() };
}

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
