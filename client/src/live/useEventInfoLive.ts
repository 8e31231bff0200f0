// An event's info, fetched again on every resync (a set-up change, a reconnect); the last one
// stays when a fetch fails, so a page keeps showing what it had while the server is away.
import { useEffect, useState } from 'react';
import type { EventInfo } from '../../../shared/domain';
import { api } from '../api';
import { useLive } from './LiveProvider';

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
