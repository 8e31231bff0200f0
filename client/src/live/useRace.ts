// A race's live state: snapshot on subscribe, deltas after; a gap or a resync takes a new snapshot.
import { useEffect, useState } from 'react';
import { applyUpdate, fromSnapshot, latestReadTime, type RaceState } from './race-state';
import { useLive } from './LiveProvider';

export interface RaceLive {
  race: RaceState | null;
  error: string | null;
  version: number;
}

export function useRace(eventId: string, raceId: string | undefined): RaceLive {
  const { socket, resyncKey, clock, raceViews } = useLive();
  const [race, setRace] = useState<RaceState | null>(null);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!raceId) return;
    let cancelled = false;
    let state: RaceState | null = null;
    // Updates sent before the snapshot's ack are already in it.
    let pending = false;
    const subscribe = () => {
      if (!socket.connected) return;
      pending = true;
      socket.emit('race:subscribe', { eventId, raceId }, (res) => {
        if (cancelled) return;
        pending = false;
        if (!res.ok) {
          setError(res.error);
          return;
        }
        state = fromSnapshot(res.data);
        clock.observe(latestReadTime(state.rows.values()));
        setError(null);
        setRace(state);
        setVersion((v) => v + 1);
      });
    };
    const onUpdate: Parameters<typeof socket.on<'race:update'>>[1] = (update) => {
      if (cancelled || pending || !state || update.eventId !== eventId || update.raceId !== raceId) return;
      const outcome = applyUpdate(state, update, Date.now());
      if (outcome === 'gap') subscribe();
      else if (outcome === 'applied') {
        clock.observe(latestReadTime(update.runners));
        setVersion((v) => v + 1);
      }
    };
    const key = `${eventId}/${raceId}`;
    raceViews.set(key, (raceViews.get(key) ?? 0) + 1);
    socket.on('race:update', onUpdate);
    subscribe();
    return () => {
      cancelled = true;
      socket.off('race:update', onUpdate);
      const left = (raceViews.get(key) ?? 1) - 1;
      if (left > 0) raceViews.set(key, left);
      else {
        raceViews.delete(key);
        if (socket.connected) socket.emit('race:unsubscribe', { eventId, raceId });
      }
    };
  }, [socket, eventId, raceId, resyncKey, clock, raceViews]);

  return { race: race && race.raceId === raceId ? race : null, error, version };
}
