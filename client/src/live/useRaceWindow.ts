// The leaderboard window a page shows: one `race:view` subscription per race, replaced when the
// filter or the scrolled-to page changes; only the window's changes arrive. A gap in the view's
// sequence, a reconnect or a set-up change asks for the window again.
import { useRef, useState } from 'react';
import { decodeWindowSnapshot, type EncodedWindow, type RaceView } from '../../../shared/race-view';
import { filterKey, type LeaderboardFilter } from '../../../shared/board/filters';
import { useLive } from './LiveProvider';
import { holdKey } from './feed';
import { useFeed } from './useFeed';
import { applyWindowUpdate, fromWindowSnapshot, type WindowState } from './window-state';

export interface RaceWindowLive {
  window: WindowState | null;
  error: string | null;
  version: number;
}

export function useRaceWindow(eventId: string, raceId: string, filter: LeaderboardFilter, offset: number, limit: number, enabled = true): RaceWindowLive {
  const { clock } = useLive();
  const [win, setWin] = useState<WindowState | null>(null);
  // Highlights survive a new page, a new filter or a fresh snapshot of the same race.
  const changedAt = useRef(new Map<string, number>());
  // The view is dropped when the page stops showing the race, not on every page change (a new view replaces it).
  const { version, error } = useFeed<EncodedWindow>({
    holdKey: enabled ? holdKey('window', eventId, raceId) : null,
    release: (socket) => socket.emit('race:unview', { eventId, raceId }),
    askDeps: [filterKey(filter), offset, limit, clock],
    open: (socket) => {
      let state: WindowState | null = null;
      // The filter's values come from the address; the server checks them against the board's schema.
      const view = { eventId, raceId, offset, limit, ...filter } as RaceView;
      return {
        ask: (reply) => socket.emit('race:view', view, reply),
        take: (encoded) => {
          // One encoding of the window shared by every socket that opens it (server/live/race-views.ts).
          state = fromWindowSnapshot(decodeWindowSnapshot(encoded), changedAt.current);
          clock.observe(state.lastRead);
          setWin(state);
          return true;
        },
        listen: (deliver) => {
          const onWindow: Parameters<typeof socket.on<'race:window'>>[1] = (update) => {
            if (update.eventId !== eventId || update.raceId !== raceId) return;
            deliver(() => {
              const outcome = applyWindowUpdate(state!, update, Date.now());
              if (outcome === 'applied') clock.observe(update.lastRead);
              return outcome;
            });
          };
          socket.on('race:window', onWindow);
          return () => socket.off('race:window', onWindow);
        },
      };
    },
  });

  const current = win && win.raceId === raceId ? win : null;
  return { window: current, error, version };
}
