// The two boards a leaderboard shows: the live window the server sends, or, looking back at a
// moment, the race fetched for it ranked here (a one-off answer, not a live stream).
import { useMemo } from 'react';
import { filterKeyOfView } from '../../../shared/race-view';
import { filterKey, filterOptions, noFilterOptions, type LeaderboardFilter } from '../../../shared/board/filters';
import { leaderboard } from '../../../shared/board/leaderboard';
import { type Ranking } from '../../../shared/board/order';
import type { RaceState } from '../live/race-state';
import type { WindowState } from '../live/window-state';
import type { Board } from './Leaderboard';

const NO_OPTIONS = noFilterOptions();

/** The live window; rows of another filter (the answer to a new filter on its way) are not shown. */
export function useLiveBoard(win: WindowState | null, version: number, filter: LeaderboardFilter): Board {
  const wanted = filterKey(filter);
  return useMemo<Board>(() => {
    const matches = win !== null && filterKeyOfView(win.key) === wanted;
    return {
      total: win?.total ?? 0,
      entryAt: (i) => (matches ? win.rows.get(i) : undefined),
      changedAt: win?.changedAt ?? new Map(),
      options: win?.options ?? NO_OPTIONS,
    };
    // version stands for the window's rows, which change in place.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [win, version, wanted]);
}

export function usePastBoard(state: RaceState | null, version: number, ranking: Ranking | undefined, filter: LeaderboardFilter): Board {
  const key = filterKey(filter);
  return useMemo<Board>(() => {
    const rows = state ? [...state.rows.values()] : [];
    const board = leaderboard(rows, { ranking, filter });
    return { total: board.total, entryAt: (i) => board.entries[i], changedAt: state?.changedAt ?? new Map(), options: filterOptions(rows) };
    // version stands for the rows; key for the filter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state, version, ranking, key]);
}
