// A race as it was at a moment, from the API (`leaderboard?at=`), in the shape the live views use.
// Only the latest moment asked counts: an answer for an older one is dropped.
import { useEffect, useRef, useState } from 'react';
import type { LeaderboardEntry, RaceCounters } from '../../../shared/views';
import { fromSnapshot, type RaceState } from '../live/race-state';

export interface RaceAt {
  race: RaceState | null;
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
  entries: LeaderboardEntry[];
}

/** Rows fetched per moment: the whole field of all but the largest races. */
const ROWS = 10_000;
const RETRY_MS = 3_000;

export function useRaceAt(eventId: string, raceId: string, at: number | null): RaceAt {
  const [state, setState] = useState<RaceAt>({ race: null, version: 0, error: null, span: null });
  const asked = useRef(0);
  // A large event's past is prepared on the server first (503): ask again a little later.
  const [retry, setRetry] = useState(0);

  useEffect(() => {
    if (at === null) return;
    const ticket = ++asked.current;
    const controller = new AbortController();
    const url = `/api/events/${encodeURIComponent(eventId)}/races/${encodeURIComponent(raceId)}/leaderboard?at=${at}&limit=${ROWS}`;
    fetch(url, { signal: controller.signal, headers: { accept: 'application/json' } })
      .then(async (res) => {
        const body = (await res.json()) as Answer & { error?: string };
        if (ticket !== asked.current) return;
        if (res.status === 503) setTimeout(() => setRetry((n) => n + 1), RETRY_MS);
        if (!res.ok) throw new Error(body.error ?? `${res.status}`);
        const race = fromSnapshot({ eventId, raceId, seq: 0, counters: body.counters, runners: body.entries });
        setState((s) => ({
          race,
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
  }, [eventId, raceId, at, retry]);

  return at === null ? { race: null, version: 0, error: null, span: state.span } : state;
}
