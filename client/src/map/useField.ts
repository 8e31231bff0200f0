// The course map's live field of a race: subscribed only while a map or course strip is on screen
// (a phone on the leaderboard tab receives none of it), a binary snapshot then updates of the
// runners that changed; a gap or a resync takes a new snapshot. Phone-tracker fixes come with it.
import { useState } from 'react';
import type { FieldPacket } from '../../../shared/socket-events';
import { applyField, emptyField, setPosition, type Field } from '../../../shared/field-state';
import { decodeField, FieldFormatError } from '../../../shared/field-stream';
import { holdKey, type Outcome } from '../live/feed';
import { useLive } from '../live/LiveProvider';
import { useFeed } from '../live/useFeed';
import { latestFieldTime } from './field-runners';

export interface FieldLive {
  field: Field | null;
  /** Bumped on every change: the field's columns change in place. */
  version: number;
  error: string | null;
}

export function useField(eventId: string, raceId: string, enabled = true): FieldLive {
  const { clock } = useLive();
  const [field, setField] = useState<{ raceId: string; field: Field } | null>(null);
  const { version, error } = useFeed<FieldPacket>({
    holdKey: enabled ? holdKey('field', eventId, raceId) : null,
    release: (socket) => socket.emit('field:unsubscribe', { eventId, raceId }),
    askDeps: [clock],
    open: (socket, fail) => {
      const state = emptyField();
      const apply = (data: Parameters<typeof decodeField>[0]): Outcome => {
        try {
          return applyField(state, decodeField(data));
        } catch (err) {
          if (!(err instanceof FieldFormatError)) throw err;
          fail(err.message);
          return 'gap';
        }
      };
      return {
        ask: (reply) => socket.emit('field:subscribe', { eventId, raceId }, reply),
        take: (snapshot) => {
          if (apply(snapshot.data) !== 'applied') return false;
          clock.observe(latestFieldTime(state));
          setField({ raceId, field: state });
          return true;
        },
        listen: (deliver) => {
          const onUpdate: Parameters<typeof socket.on<'field:update'>>[1] = (update) => {
            if (update.eventId !== eventId || update.raceId !== raceId) return;
            deliver(() => {
              const outcome = apply(update.data);
              if (outcome === 'applied') clock.observe(latestFieldTime(state));
              return outcome;
            });
          };
          const onPosition: Parameters<typeof socket.on<'runner:position'>>[1] = (pos) => {
            if (pos.eventId !== eventId || pos.raceId !== raceId) return;
            deliver(() => {
              const index = state.bibs.indexOf(pos.bib);
              return index >= 0 && setPosition(state, index, pos.distance, pos.time, pos.speed ?? NaN) ? 'applied' : 'stale';
            });
          };
          socket.on('field:update', onUpdate);
          socket.on('runner:position', onPosition);
          return () => {
            socket.off('field:update', onUpdate);
            socket.off('runner:position', onPosition);
          };
        },
      };
    },
  });

  const current = enabled && field && field.raceId === raceId ? field.field : null;
  return { field: current, version, error };
}
