// The announcer's side of the pin: whether this browser may pin (an organizer session for the
// event; spectators have none, and the server checks again), and the calls that pin and unpin.
import { useCallback, useEffect, useState } from 'react';
import type { ScreenPinRequest } from '../../../shared/screen-pin';

interface Me {
  organizer: { role: 'admin' | 'organizer'; eventIds: string[] | null };
}

export interface PinControl {
  allowed: boolean;
  error: string | null;
  pin(bib: string, seconds: number): Promise<void>;
  unpin(): Promise<void>;
}

export function usePinControl(eventId: string): PinControl {
  const [allowed, setAllowed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    fetch('/api/organizer/me', { credentials: 'same-origin', signal: abort.signal })
      .then(async (res) => {
        if (!res.ok) return setAllowed(false);
        const { organizer } = (await res.json()) as Me;
        setAllowed(organizer.role === 'admin' || (organizer.eventIds ?? []).includes(eventId));
      })
      .catch(() => setAllowed(false));
    return () => abort.abort();
  }, [eventId]);

  const send = useCallback(
    async (method: 'POST' | 'DELETE', body?: ScreenPinRequest) => {
      const res = await fetch(`/api/organizer/events/${encodeURIComponent(eventId)}/screen-pin`, {
        method,
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body ?? {}),
      });
      const data = (await res.json().catch(() => null)) as { error?: string } | null;
      setError(res.ok ? null : data?.error ?? `${res.status}`);
    },
    [eventId],
  );
  return { allowed, error, pin: (bib, seconds) => send('POST', { bib, seconds }), unpin: () => send('DELETE') };
}
