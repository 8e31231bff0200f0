// A runner's place at each of their splits, for the runner page.
import type { Ranking } from './order';

interface SplitLike {
  point: string;
  lap?: number;
  net: number | null;
  gun: number | null;
}

export const splitKey = (s: SplitLike) => `${s.point}#${s.lap ?? 0}`;

/**
 * One more than the runners of the field who reached that mat (that lap) in less time.
 * O(splits in the field), for a runner page, not per read.
 */
export function placesAtSplits(runner: { bib: string; splits: SplitLike[] }, field: Iterable<{ bib: string; splits: SplitLike[] }>, ranking: Ranking = 'net'): (number | null)[] {
  const time = (s: SplitLike) => (ranking === 'gun' ? s.gun : s.net);
  const mine = new Map(runner.splits.map((s, i) => [splitKey(s), i]));
  const ahead = runner.splits.map(() => 0);
  for (const other of field) {
    if (other.bib === runner.bib) continue;
    for (const s of other.splits) {
      const i = mine.get(splitKey(s));
      if (i === undefined) continue;
      const theirs = time(s);
      const ours = time(runner.splits[i]);
      if (theirs !== null && ours !== null && theirs < ours) ahead[i]++;
    }
  }
  return runner.splits.map((s, i) => (time(s) === null ? null : ahead[i] + 1));
}
