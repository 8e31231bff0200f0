// The event's set-up and every chosen race's live rows, for views that show several races at once.
// Built on the app's one socket owner (LiveProvider) and its race store (useRace): this only
// gathers them. Whatever was last received stays while the connection is down.
import { useEffect, useState } from 'react';
import type { EventInfo, Race } from '../../../shared/domain';
import { api } from '../api';
import { useLive } from '../live/LiveProvider';

/** The event's info, fetched again on every resync; the last one stays when a fetch fails. */
export function useEventInfoLive(eventId: string): { info: EventInfo | null; error: string | null } {
  const { resyncKey } = useLive();
  const [info, setInfo] = useState<EventInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    api.event(eventId, abort.signal).then(
      (i) => {
        setInfo(i);
        setError(null);
      },
      (e: Error) => !abort.signal.aborted && setError(e.message),
    );
    return () => abort.abort();
  }, [eventId, resyncKey]);
  return { info: info && info.id === eventId ? info : null, error };
}

/** The event's races named in `ids` (in that order), or all of them when `ids` is empty. */
export function chosenRaces(info: EventInfo, ids: readonly string[]): Race[] {
  if (ids.length === 0) return info.races;
  return ids.flatMap((id) => info.races.filter((r) => r.id === id));
}
