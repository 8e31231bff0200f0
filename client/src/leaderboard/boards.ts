// The two boards a leaderboard shows: the live window the server sends, or, looking back at a
// moment, the server's answer for it (a one-off answer, not a live stream).
import { useMemo } from 'react';
import { filterKeyOfView } from '../../../shared/race-view';
import { filterKey, noFilterOptions, type LeaderboardFilter } from '../../../shared/board/filters';
import type { PastBoardAnswer } from '../timetravel/useRaceAt';
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

/** Looking back: the server's answer for the moment, in its order and with its totals (ranked there, not here). */
export function usePastBoard(answer: PastBoardAnswer | null, version: number, filter: LeaderboardFilter): Board {
  const wanted = filterKey(filter);
  return useMemo<Board>(() => {
    // The page the server answered (rows offset … of the filtered order); rows of another filter are not shown.
    const matches = answer !== null && answer.filterKey === wanted;
    return { total: answer?.total ?? 0, entryAt: (i) => (matches ? answer.entries[i - answer.offset] : undefined), changedAt: new Map(), options: answer?.options ?? NO_OPTIONS };
    // version stands for the answer.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [answer, version, wanted]);
}
