// The hook under useRace, useRaceWindow and useField: one feed (see feed.ts) per set of `askDeps`,
// asked again on every resync (reconnect, back online, tab visible, set-up changed), and one hold
// per `holdKey` on this socket, so a new filter or page asks again without letting the race go.
import { useEffect, useState } from 'react';
import { hold, runFeed, type FeedSpec } from './feed';
import { useLive, type LiveSocket } from './LiveProvider';

export interface FeedOptions<Snapshot> {
  /** Null while nothing is to be subscribed. */
  holdKey: string | null;
  /** Tell the server this socket no longer wants it (the last holder on the socket). */
  release(socket: LiveSocket): void;
  /** The feed's spec, made afresh each time it is asked again; `fail` shows an error. */
  open(socket: LiveSocket, fail: (message: string) => void): FeedSpec<Snapshot>;
  /** What, when it changes, asks for a new snapshot (a filter, a page); the hold stays. */
  askDeps: readonly unknown[];
}

/** `version` is bumped on every change (states change in place); `error` is the last refusal. */
export function useFeed<Snapshot>({ holdKey, release, open, askDeps }: FeedOptions<Snapshot>): { version: number; error: string | null } {
  const { socket, resyncKey, holds } = useLive();
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (holdKey === null) return;
    return hold(holds, holdKey, () => {
      if (socket.connected) release(socket);
    });
    // The key names what is held; release is that key's.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [socket, holds, holdKey]);

  useEffect(() => {
    if (holdKey === null) return;
    return runFeed(open(socket, setError), () => socket.connected, {
      changed: () => setVersion((v) => v + 1),
      error: setError,
    });
    // askDeps stand for what open reads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [socket, holdKey, resyncKey, ...askDeps]);

  return { version, error };
}
