// A window of a race as it was at a moment, from the API (`leaderboard?at=`, a page of at most 200
// rows for the filter shown), in the shape the live views use. Only the latest moment, filter and
// page asked count: an answer for an older one is dropped.
import { useEffect, useRef, useState } from 'react';
import { filterKey, MAX_VIEW_LIMIT } from '../../../shared/race-view';
import type { LeaderboardFilter } from '../../../shared/standings';
import type { LeaderboardEntry, RaceCounters } from '../../../shared/views';
import { fromSnapshot, type RaceState } from '../live/race-state';

/** The page shown: rows `offset` … of `total` matching the filter. */
export interface PastWindow {
  offset: number;
  total: number;
  entries: LeaderboardEntry[];
  filterKey: string;
}

export interface RaceAt {
  /** The window's runners only (the map and the overview draw them). */
  race: RaceState | null;
  window: PastWindow | null;
  version: number;
  error: string | null;
  /** First gun and last read of the event, from the server's timeline. */
  span: { from: number; to: number } | null;
}

interface Answer {
  at: number;
  from: number | null;
  to: number | null;
  counters: RaceCounters;
  total: number;
  entries: LeaderboardEntry[];
}

/** Rows fetched per moment: a page, as the live window (the server answers no more). */
const ROWS = MAX_VIEW_LIMIT;
const RETRY_MS = 3_000;

export function useRaceAt(eventId: string, raceId: string, at: number | null, filter: LeaderboardFilter = {}, offset = 0): RaceAt {
  const [state, setState] = useState<RaceAt>({ race: null, window: null, version: 0, error: null, span: null });
  const fkey = filterKey(filter);
  const asked = useRef(0);
  // A large event's past is prepared on the server first (503): ask again a little later.
  const [retry, setRetry] = useState(0);

  useEffect(() => {
    if (at === null) return;
    const ticket = ++asked.current;
    const controller = new AbortController();
    const query = new URLSearchParams({ at: String(at), offset: String(offset), limit: String(ROWS) });
    for (const k of ['gender', 'ageGroup', 'country'] as const) if (filter[k]) query.set(k, filter[k]!);
    const url = `/api/events/${encodeURIComponent(eventId)}/races/${encodeURIComponent(raceId)}/leaderboard?${query}`;
    fetch(url, { signal: controller.signal, headers: { accept: 'application/json' } })
      .then(async (res) => {
        const body = (await res.json()) as Answer & { error?: string };
        if (ticket !== asked.current) return;
        if (res.status === 503) setTimeout(() => setRetry((n) => n + 1), RETRY_MS);
        if (!res.ok) throw new Error(body.error ?? `${res.status}`);
        const race = fromSnapshot({ eventId, raceId, seq: 0, counters: body.counters, runners: body.entries });
        setState((s) => ({
          race,
          window: { offset, total: body.total, entries: body.entries, filterKey: fkey },
          version: s.version + 1,
          error: null,
          span: body.from !== null && body.to !== null ? { from: body.from, to: body.to } : s.span,
        }));
      })
      .catch((err: Error) => {
        if (err.name !== 'AbortError' && ticket === asked.current) setState((s) => ({ ...s, error: err.message }));
      });
    // A newer moment does not cancel this one: while scrubbing, the last answer stays on screen.
    return () => {
      if (ticket !== asked.current) controller.abort();
    };
    // fkey stands for the filter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [eventId, raceId, at, retry, fkey, offset]);

  return at === null ? { race: null, window: null, version: 0, error: null, span: state.span } : state;
}
