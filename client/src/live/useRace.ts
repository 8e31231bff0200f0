// A race's live state: snapshot on subscribe, deltas after; a gap or a resync takes a new snapshot.
import { useState } from 'react';
import type { RaceSnapshot } from '../../../shared/views';
import { applyUpdate, fromSnapshot, latestReadTime, type RaceState } from './race-state';
import { useLive } from './LiveProvider';
import { useFeed } from './useFeed';
import { holdKey } from './feed';

export interface RaceLive {
  race: RaceState | null;
  error: string | null;
  version: number;
}

export function useRace(eventId: string, raceId: string | undefined): RaceLive {
  const { clock } = useLive();
  const [race, setRace] = useState<RaceState | null>(null);
  const { version, error } = useFeed<RaceSnapshot>({
    holdKey: raceId === undefined ? null : holdKey('race', eventId, raceId),
    release: (socket) => socket.emit('race:unsubscribe', { eventId, raceId: raceId! }),
    askDeps: [clock],
    open: (socket) => {
      let state: RaceState | null = null;
      return {
        ask: (reply) => socket.emit('race:subscribe', { eventId, raceId: raceId! }, reply),
        take: (snapshot) => {
          state = fromSnapshot(snapshot);
          clock.observe(latestReadTime(state.rows.values()));
          setRace(state);
          return true;
        },
        listen: (deliver) => {
          const onUpdate: Parameters<typeof socket.on<'race:update'>>[1] = (update) => {
            if (update.eventId !== eventId || update.raceId !== raceId) return;
            deliver(() => {
              const outcome = applyUpdate(state!, update, Date.now());
              if (outcome === 'applied') clock.observe(latestReadTime(update.runners));
              return outcome;
            });
          };
          socket.on('race:update', onUpdate);
          return () => socket.off('race:update', onUpdate);
        },
      };
    },
  });

  return { race: race && race.raceId === raceId ? race : null, error, version };
}
