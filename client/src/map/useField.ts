// The course map's live field of a race: subscribed only while a map or course strip is on screen
// (a phone on the leaderboard tab receives none of it), a binary snapshot then updates of the
// runners that changed; a gap or a resync takes a new snapshot. Phone-tracker fixes come with it.
import { useEffect, useState } from 'react';
import { applyField, emptyField, setPosition, type Field } from '../../../shared/field-state';
import { decodeField, FieldFormatError } from '../../../shared/field-stream';
import { useLive } from '../live/LiveProvider';
import { latestFieldTime } from './field-runners';

export interface FieldLive {
  field: Field | null;
  /** Bumped on every change: the field's columns change in place. */
  version: number;
  error: string | null;
}

export function useField(eventId: string, raceId: string, enabled = true): FieldLive {
  const { socket, resyncKey, clock } = useLive();
  const [field, setField] = useState<{ raceId: string; field: Field } | null>(null);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    const state = emptyField();
    // Updates sent before the snapshot's ack are already in it.
    let pending = false;
    let ready = false;
    const bump = () => setVersion((v) => v + 1);
    const apply = (data: Parameters<typeof decodeField>[0]) => {
      try {
        return applyField(state, decodeField(data));
      } catch (err) {
        if (!(err instanceof FieldFormatError)) throw err;
        setError(err.message);
        return 'gap' as const;
      }
    };
    const subscribe = () => {
      if (!socket.connected) return;
      pending = true;
      socket.emit('field:subscribe', { eventId, raceId }, (res) => {
        if (cancelled) return;
        pending = false;
        if (!res.ok) return setError(res.error);
        if (apply(res.data.data) !== 'applied') return;
        ready = true;
        clock.observe(latestFieldTime(state));
        setError(null);
        setField({ raceId, field: state });
        bump();
      });
    };
    const onUpdate: Parameters<typeof socket.on<'field:update'>>[1] = (update) => {
      if (cancelled || pending || !ready || update.eventId !== eventId || update.raceId !== raceId) return;
      const outcome = apply(update.data);
      if (outcome === 'gap') subscribe();
      else if (outcome === 'applied') {
        clock.observe(latestFieldTime(state));
        bump();
      }
    };
    const onPosition: Parameters<typeof socket.on<'runner:position'>>[1] = (pos) => {
      if (cancelled || !ready || pos.eventId !== eventId || pos.raceId !== raceId) return;
      const index = state.bibs.indexOf(pos.bib);
      if (index >= 0 && setPosition(state, index, pos.distance, pos.time, pos.speed ?? NaN)) bump();
    };
    socket.on('field:update', onUpdate);
    socket.on('runner:position', onPosition);
    subscribe();
    return () => {
      cancelled = true;
      socket.off('field:update', onUpdate);
      socket.off('runner:position', onPosition);
      if (socket.connected) socket.emit('field:unsubscribe', { eventId, raceId });
    };
  }, [socket, eventId, raceId, resyncKey, clock, enabled]);

  const current = enabled && field && field.raceId === raceId ? field.field : null;
  return { field: current, version, error };
}
