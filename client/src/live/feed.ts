// One live subscription on the socket, the way every live hook runs it: ask for a snapshot, apply
// the numbered updates after it, ask again on a gap; updates that arrive while a snapshot is on its
// way are already in it. Plus the holds: several views of one subscription on one socket, the last
// to leave releases it.
import type { Ack } from '../../../shared/socket-events';

/** What an update did: applied, revealed a gap (ask again), was older than the state, or was another view's. */
export type Outcome = 'applied' | 'gap' | 'stale' | 'other';

export interface FeedSpec<Snapshot> {
  /** Emit the request for a snapshot; the server answers through `reply`. */
  ask(reply: (res: Ack<Snapshot>) => void): void;
  /** Take the snapshot as the state; false when it cannot be (then nothing is shown from it). */
  take(snapshot: Snapshot): boolean;
  /** Listen for updates, handing each to `deliver` as a function that applies it; returns the removal. */
  listen(deliver: (apply: () => Outcome) => void): () => void;
}

export interface FeedEvents {
  /** The state changed (a snapshot taken, an update applied). */
  changed(): void;
  /** The latest error, or null once a snapshot was taken. */
  error(message: string | null): void;
}

/** Runs one feed until the returned function is called; `connected` tells whether asking can succeed now. */
export function runFeed<Snapshot>(spec: FeedSpec<Snapshot>, connected: () => boolean, on: FeedEvents): () => void {
  let closed = false;
  let pending = false;
  let ready = false;
  let retry: ReturnType<typeof setTimeout> | null = null;
  const ask = () => {
    if (!connected()) return;
    pending = true;
    spec.ask((res) => {
      if (closed) return;
      pending = false;
      if (!res.ok) {
        // The address's budget ran out (many tabs, or many people behind one address): ask again when the server says.
        if (res.retryAfterMs !== undefined) retry = setTimeout(() => ((retry = null), ask()), res.retryAfterMs);
        return on.error(res.error);
      }
      if (!spec.take(res.data)) return;
      ready = true;
      on.error(null);
      on.changed();
    });
  };
  const stop = spec.listen((apply) => {
    if (closed || pending || !ready) return;
    const outcome = apply();
    if (outcome === 'gap') ask();
    else if (outcome === 'applied') on.changed();
  });
  ask();
  return () => {
    closed = true;
    if (retry) clearTimeout(retry);
    stop();
  };
}

/** Count one more holder of `key`; the returned function lets go, and the last to let go releases. */
export function hold(holds: Map<string, number>, key: string, release: () => void): () => void {
  holds.set(key, (holds.get(key) ?? 0) + 1);
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    const left = (holds.get(key) ?? 1) - 1;
    if (left > 0) holds.set(key, left);
    else {
      holds.delete(key);
      release();
    }
  };
}

/** The key of a subscription held on a socket: one of each kind per race, shared by the views on it. */
export const holdKey = (kind: 'race' | 'window' | 'field', eventId: string, raceId: string): string => `${kind}:${eventId}/${raceId}`;
