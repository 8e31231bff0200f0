// Figures for the race overview, from the live rows.
import type { RunnerRow } from '../../../shared/views';

export interface Bin {
  /** Lower bound of the bin, ms. */
  from: number;
  count: number;
}

/** Finish times in bins of a round width (1, 2, 5, 10, 15 or 30 minutes) giving at most ~20 bins. */
export function finishHistogram(times: readonly number[]): Bin[] {
  if (times.length === 0) return [];
  const min = Math.min(...times);
  const max = Math.max(...times);
  const width = [1, 2, 5, 10, 15, 30, 60].map((m) => m * 60_000).find((w) => (max - min) / w <= 20) ?? 3_600_000;
  const start = Math.floor(min / width) * width;
  const bins: Bin[] = [];
  for (let from = start; from <= max; from += width) bins.push({ from, count: 0 });
  for (const t of times) bins[Math.floor((t - start) / width)].count += 1;
  return bins;
}

/** Runners per country, most first; entrants without a country are left out. */
export function perCountry(rows: Iterable<RunnerRow>): { code: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const r of rows) if (r.country) counts.set(r.country, (counts.get(r.country) ?? 0) + 1);
  return [...counts].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}
