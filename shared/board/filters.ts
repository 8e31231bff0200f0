// The leaderboard's filters, declared once: each field's schema (one set of limits for HTTP, sockets
// and time travel), how a row gives its value, and the order its choices are offered in. Adding a
// filter is one entry here plus its words in each language (client/src/i18n: filter.<key>, filter.all.<key>).
import { z } from 'zod';
import { genderSchema } from '../domain';
import type { RunnerRow } from '../views';

const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** "18-34" before "35-39" before "40+": by the first number, then as text. */
const byNumber = (a: string, b: string) => parseInt(a.replace(/\D/g, '') || '0', 10) - parseInt(b.replace(/\D/g, '') || '0', 10) || a.localeCompare(b);

export const FILTER_FIELDS = {
  gender: { schema: genderSchema, of: (r: RunnerRow): string | null => r.gender, order: text },
  ageGroup: { schema: z.string().min(1).max(16), of: (r: RunnerRow): string | null => r.ageGroup, order: byNumber },
  country: { schema: z.string().min(2).max(3), of: (r: RunnerRow): string | null => r.country, order: text },
} as const;

export type FilterKey = keyof typeof FILTER_FIELDS;
/** The fields in the order the client shows them and filter keys list them. */
export const FILTER_KEYS = Object.keys(FILTER_FIELDS) as FilterKey[];

export type LeaderboardFilter = { [K in FilterKey]?: string };

/** The filter fields of a query or a view, each optional. */
export const filterShape = Object.fromEntries(FILTER_KEYS.map((k) => [k, FILTER_FIELDS[k].schema.optional()])) as {
  [K in FilterKey]: z.ZodOptional<(typeof FILTER_FIELDS)[K]['schema']>;
};

export function isFilterSet(filter: LeaderboardFilter): boolean {
  return FILTER_KEYS.some((k) => Boolean(filter[k]));
}

/** Only the fields set: a query's or a view's filter, without its other fields or empty values. */
export function pickFilter(source: LeaderboardFilter): LeaderboardFilter {
  const filter: LeaderboardFilter = {};
  for (const k of FILTER_KEYS) if (source[k]) filter[k] = source[k];
  return filter;
}

/** Whether runner `k` passes the filter, its values read through `valueOf` (a row, or the timeline's columns). */
export function matchesFilterBy<K>(valueOf: (k: K, key: FilterKey) => string | null, k: K, filter: LeaderboardFilter): boolean {
  for (const key of FILTER_KEYS) {
    const wanted = filter[key];
    if (wanted && valueOf(k, key) !== wanted) return false;
  }
  return true;
}

const rowValue = (r: RunnerRow, key: FilterKey) => FILTER_FIELDS[key].of(r);

export function matchesFilter(row: RunnerRow, filter: LeaderboardFilter): boolean {
  return matchesFilterBy(rowValue, row, filter);
}

/** The rows passing the filter; the same array when no filter is set. */
export function filterRows<T extends RunnerRow>(rows: T[], filter: LeaderboardFilter): T[] {
  return isFilterSet(filter) ? rows.filter((r) => matchesFilter(r, filter)) : rows;
}

/** The same filter always gives the same key, whatever order its fields came in. */
export function filterKey(filter: LeaderboardFilter): string {
  return JSON.stringify(FILTER_KEYS.map((k) => filter[k] ?? ''));
}

/** Filter choices offered for a race: only the values its runners have, per field. */
export type FilterOptions = Record<FilterKey, string[]>;

export function filterOptions(rows: Iterable<RunnerRow>): FilterOptions {
  const seen = FILTER_KEYS.map(() => new Set<string>());
  for (const r of rows) {
    FILTER_KEYS.forEach((k, i) => {
      const v = FILTER_FIELDS[k].of(r);
      if (v) seen[i].add(v);
    });
  }
  return Object.fromEntries(FILTER_KEYS.map((k, i) => [k, [...seen[i]].sort(FILTER_FIELDS[k].order)])) as FilterOptions;
}

export const noFilterOptions = (): FilterOptions => Object.fromEntries(FILTER_KEYS.map((k) => [k, []])) as unknown as FilterOptions;
