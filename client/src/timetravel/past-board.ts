// The leaderboard looking back: the page of the race at that moment the server answered (rows
// offset … offset + 200 of the filtered order, with the places it gave them); the rest of the
// list's height is rows not fetched, as in the live window.
import { useMemo } from 'react';
import { filterKey, filterOptions } from '../../../shared/race-view';
import type { LeaderboardFilter } from '../../../shared/standings';
import type { Board } from '../leaderboard/Leaderboard';
import type { PastWindow } from './useRaceAt';

const NONE = new Map<string, number>();

export function usePastWindowBoard(win: PastWindow | null, version: number, filter: LeaderboardFilter): Board {
  const wanted = filterKey(filter);
  return useMemo<Board>(() => {
    // Rows of another filter (the answer to a new filter on its way) are not shown.
    const matches = win !== null && win.filterKey === wanted;
    return {
      total: win?.total ?? 0,
      entryAt: (i) => (matches ? win.entries[i - win.offset] : undefined),
      changedAt: NONE,
      options: filterOptions(win?.entries ?? []),
    };
    // version stands for the answer.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [win, version, wanted]);
}
