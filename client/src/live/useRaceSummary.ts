// A race's overview figures from the server (`race:summary`), only while the overview is shown.
import { useEffect, useState } from 'react';
import type { RaceSummary } from '../../../shared/race-view';
import { useLive } from './LiveProvider';

export function useRaceSummary(eventId: string, raceId: string, enabled: boolean): RaceSummary | null {
  const { socket, resyncKey, clock } = useLive();
  const [summary, setSummary] = useState<RaceSummary | null>(null);

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    const take = (s: RaceSummary) => {
      if (cancelled || s.eventId !== eventId || s.raceId !== raceId) return;
      clock.observe(s.lastRead);
      setSummary(s);
    };
    socket.on('race:summary', take);
    if (socket.connected) socket.emit('race:summary', { eventId, raceId }, (res) => res.ok && take(res.data));
    return () => {
      cancelled = true;
      socket.off('race:summary', take);
      if (socket.connected) socket.emit('race:unsummary', { eventId, raceId });
    };
  }, [socket, eventId, raceId, enabled, resyncKey, clock]);

  return summary && summary.raceId === raceId ? summary : null;
}
