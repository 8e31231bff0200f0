// A race's stage at a timing point (shared/stage.ts), live: the answer to `race:stage`, then each
// new one the server sends (at most one a second). Every message is whole, so a missed one needs no
// repair; a reconnect or a set-up change asks again.
import { useEffect, useState } from 'react';
import type { RaceStage } from '../../../shared/stage';
import { useLive } from '../live/LiveProvider';

export interface RaceStageLive {
  stage: RaceStage | null;
  error: string | null;
}

export function useRaceStage(eventId: string, raceId: string, point: string): RaceStageLive {
  const { socket, resyncKey, clock } = useLive();
  const [stage, setStage] = useState<RaceStage | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    let seq = -1;
    const take = (next: RaceStage) => {
      // An answer overtaken by a newer push of the same race is not shown.
      if (cancelled || next.eventId !== eventId || next.raceId !== raceId || next.point !== point || next.seq < seq) return;
      seq = next.seq;
      clock.observe(next.lastRead);
      setStage(next);
    };
    const ask = () => {
      if (!socket.connected) return;
      socket.emit('race:stage', { eventId, raceId, point }, (res) => {
        if (cancelled) return;
        if (!res.ok) return setError(res.error);
        setError(null);
        take(res.data);
      });
    };
    socket.on('race:stage', take);
    ask();
    return () => {
      cancelled = true;
      socket.off('race:stage', take);
      if (socket.connected) socket.emit('race:unstage', { eventId, raceId });
    };
  }, [socket, eventId, raceId, point, resyncKey, clock]);

  return { stage: stage && stage.raceId === raceId && stage.point === point ? stage : null, error };
}
