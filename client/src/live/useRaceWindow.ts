// The leaderboard window a page shows: one `race:view` subscription per race, replaced when the
// filter or the scrolled-to page changes; only the window's changes arrive. A gap in the view's
// sequence, a reconnect or a set-up change asks for the window again.
import { useEffect, useRef, useState } from 'react';
import { decodeWindowSnapshot, filterKey, type RaceView } from '../../../shared/race-view';
import type { LeaderboardFilter } from '../../../shared/standings';
import { useLive } from './LiveProvider';
import { applyWindowUpdate, fromWindowSnapshot, type WindowState } from './window-state';

export interface RaceWindowLive {
  window: WindowState | null;
  error: string | null;
  version: number;
}

export function useRaceWindow(eventId: string, raceId: string, filter: LeaderboardFilter, offset: number, limit: number, enabled = true): RaceWindowLive {
  const { socket, resyncKey, clock } = useLive();
  const [win, setWin] = useState<WindowState | null>(null);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const fkey = filterKey(filter);
  // Highlights survive a new page, a new filter or a fresh snapshot of the same race.
  const changedAt = useRef(new Map<string, number>());

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    let state: WindowState | null = null;
    const view: RaceView = { eventId, raceId, offset, limit, ...filter };
    const ask = () => {
      if (!socket.connected) return;
      socket.emit('race:view', view, (res) => {
        if (cancelled) return;
        if (!res.ok) {
          setError(res.error);
          return;
        }
        state = fromWindowSnapshot(decodeWindowSnapshot(res.data), changedAt.current);
        clock.observe(state.lastRead);
        setError(null);
        setWin(state);
        setVersion((v) => v + 1);
      });
    };
    const onWindow: Parameters<typeof socket.on<'race:window'>>[1] = (update) => {
      if (cancelled || !state || update.eventId !== eventId || update.raceId !== raceId) return;
      const outcome = applyWindowUpdate(state, update, Date.now());
      if (outcome === 'gap') ask();
      else if (outcome === 'applied') {
        clock.observe(update.lastRead);
        setVersion((v) => v + 1);
      }
    };
    socket.on('race:window', onWindow);
    ask();
    return () => {
      cancelled = true;
      socket.off('race:window', onWindow);
    };
    // fkey stands for the filter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [socket, eventId, raceId, fkey, offset, limit, enabled, resyncKey, clock]);

  // The view is dropped when the page stops showing the race, not on every page change (a new view replaces it).
  useEffect(() => {
    if (!enabled) return;
    return () => {
      if (socket.connected) socket.emit('race:unview', { eventId, raceId });
    };
  }, [socket, eventId, raceId, enabled]);

  const current = win && win.raceId === raceId ? win : null;
  return { window: current, error, version };
}
