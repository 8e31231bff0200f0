// The one owner of the Socket.IO connection. It tracks the connection state and tells subscribers
// when to fetch fresh state: after a (re)connect, when the browser comes back online, when a hidden
// tab becomes visible, and when the event's set-up changed.
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/socket-events';
import { systemClock } from '../../../shared/clock';
import { RaceClock } from './clock';
import { SOCKET_TRANSPORTS } from './socket-options';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ConnectionState = 'connecting' | 'live' | 'offline';

interface Live {
  socket: LiveSocket;
  state: ConnectionState;
  /** Changes whenever subscribers should take a fresh snapshot. */
  resyncKey: number;
  clock: Pick<RaceClock, 'now' | 'observe'>;
  /** Holders of each subscription on this one socket (see live/feed.ts); the last to leave releases it. */
  holds: Map<string, number>;
}

const LiveContext = createContext<Live | null>(null);

export function LiveProvider({ children }: { children: ReactNode }) {
  const socket = useMemo<LiveSocket>(() => io({ ...SOCKET_TRANSPORTS, autoConnect: false, reconnectionDelayMax: 5000 }), []);
  const clock = useMemo(() => new RaceClock(systemClock), []);
  const holds = useMemo(() => new Map<string, number>(), []);
  const [state, setState] = useState<ConnectionState>('connecting');
  const [resyncKey, setResyncKey] = useState(0);

  useEffect(() => {
    const resync = () => setResyncKey((k) => k + 1);
    const onConnect = () => {
      setState('live');
      resync();
    };
    const onDisconnect = (reason?: unknown) => {
      setState('offline');
      // A server that drops us (restart, deploy) is not retried by socket.io on its own.
      if (reason === 'io server disconnect') socket.connect();
    };
    const onOnline = () => {
      if (!socket.connected) socket.connect();
    };
    const onVisible = () => {
      if (document.visibilityState !== 'visible') return;
      if (socket.connected) resync();
      else socket.connect();
    };
    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    const onOffline = () => setState('offline');
    // A connection the server refused (too many from this address) is not retried by socket.io
    // on its own: ask again a little later, when another page may have closed.
    let retry: ReturnType<typeof setTimeout> | undefined;
    const onRefused = () => {
      onOffline();
      clearTimeout(retry);
      if (!socket.active) retry = setTimeout(() => socket.connect(), 10_000);
    };
    socket.on('connect_error', onRefused);
    socket.on('event:changed', resync);
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    document.addEventListener('visibilitychange', onVisible);
    socket.connect();
    return () => {
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('connect_error', onRefused);
      clearTimeout(retry);
      socket.off('event:changed', resync);
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      document.removeEventListener('visibilitychange', onVisible);
      socket.disconnect();
    };
  }, [socket]);

  const value = useMemo(() => ({ socket, state, resyncKey, clock, holds }), [socket, state, resyncKey, clock, holds]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

/** The same live context with another clock: a page looking back at the race draws it at that moment. */
export function ClockOverride({ clock, children }: { clock: Live['clock']; children: ReactNode }) {
  const live = useLive();
  const value = useMemo(() => ({ ...live, clock }), [live, clock]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLive(): Live {
  const live = useContext(LiveContext);
  if (!live) throw new Error('useLive outside LiveProvider');
  return live;
}
