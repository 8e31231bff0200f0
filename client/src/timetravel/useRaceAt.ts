// A window of a race as it was at a moment, from the API (`leaderboard?at=`, a page of at most 200
// rows for the filter shown), in the shape the live views use. The server ranks, filters and counts:
// the rows come in its order with their places, and the totals, counters, filter options and
// overview figures are the whole race's, not the page's. Only the latest moment, filter and page
// asked count: an answer for an older one is dropped.
import { useEffect, useRef, useState } from 'react';
import type { LeaderboardEntry, RaceCounters } from '../../../shared/views';
import { MAX_VIEW_LIMIT, type RaceSummary } from '../../../shared/race-view';
import type { FilterOptions } from '../../../shared/board/filters';
import { FILTER_KEYS, filterKey, type LeaderboardFilter } from '../../../shared/board/filters';
import { fromSnapshot, type RaceState } from '../live/race-state';

export interface PastBoardAnswer {
  /** Rows `offset` … of those matching the filter, in race order. */
  entries: LeaderboardEntry[];
  offset: number;
  /** The filter the page was asked for (an answer to another on its way is not shown). */
  filterKey: string;
  /** Runners matching the filter in the whole race then. */
  total: number;
  options: FilterOptions;
  counters: RaceCounters;
  figures: Pick<RaceSummary, 'histogram' | 'countries'>;
}

export interface RaceAt {
  race: RaceState | null;
  board: PastBoardAnswer | null;
  version: number;
  error: string | null;
  /** Asked and not answered yet (or the server still preparing the event's past). */
  loading: boolean;
  /** First gun and last read of the event, from the server's timeline. */
  span: { from: number; to: number } | null;
}

interface Answer {
  at: number;
  from: number | null;
  to: number | null;
  counters: RaceCounters;
  total: number;
  options: FilterOptions;
  histogram: RaceSummary['histogram'];
  countries: RaceSummary['countries'];
  entries: LeaderboardEntry[];
}

/** Rows fetched per moment: a page, as the live window (the server answers no more). */
const ROWS = MAX_VIEW_LIMIT;
const RETRY_MS = 3_000;

export function useRaceAt(eventId: string, raceId: string, at: number | null, filter: LeaderboardFilter = {}, offset = 0): RaceAt {
  const [state, setState] = useState<RaceAt>({ race: null, board: null, version: 0, error: null, loading: false, span: null });
  const asked = useRef(0);
  // A large event's past is prepared on the server first (503): ask again a little later.
  const [retry, setRetry] = useState(0);
  const fkey = filterKey(filter);

  useEffect(() => {
    if (at === null) return;
    const ticket = ++asked.current;
    const controller = new AbortController();
    const query = new URLSearchParams({ at: String(at), offset: String(offset), limit: String(ROWS) });
    for (const k of FILTER_KEYS) if (filter[k]) query.set(k, filter[k]!);
    setState((s) => ({ ...s, loading: true }));
    fetch(`/api/events/${encodeURIComponent(eventId)}/races/${encodeURIComponent(raceId)}/leaderboard?${query}`, { signal: controller.signal, headers: { accept: 'application/json' } })
      .then(async (res) => {
        const body = (await res.json()) as Answer & { error?: string };
        if (ticket !== asked.current) return;
        // Still being prepared: the page keeps what it shows and says it is loading.
        if (res.status === 503) return void setTimeout(() => setRetry((n) => n + 1), RETRY_MS);
        if (!res.ok) throw new Error(body.error ?? `${res.status}`);
        const race = fromSnapshot({ eventId, raceId, seq: 0, counters: body.counters, runners: body.entries });
        const board: PastBoardAnswer = {
          entries: body.entries,
          offset,
          filterKey: fkey,
          total: body.total,
          options: body.options,
          counters: body.counters,
          figures: { histogram: body.histogram, countries: body.countries },
        };
        setState((s) => ({
          race,
          board,
          version: s.version + 1,
          error: null,
          loading: false,
          span: body.from !== null && body.to !== null ? { from: body.from, to: body.to } : s.span,
        }));
      })
      .catch((err: Error) => {
        if (err.name !== 'AbortError' && ticket === asked.current) setState((s) => ({ ...s, error: err.message, loading: false }));
      });
    // A newer moment does not cancel this one: while scrubbing, the last answer stays on screen.
    return () => {
      if (ticket !== asked.current) controller.abort();
    };
    // fkey stands for the filter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [eventId, raceId, at, retry, fkey, offset]);

  return at === null ? { race: null, board: null, version: 0, error: null, loading: false, span: state.span } : state;
}
