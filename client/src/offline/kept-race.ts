// The stadium screen's last race state, kept in the browser (Cache Storage) so a screen reloaded
// while the server or the network is down shows what it showed before instead of "loading". Live
// data replaces it as soon as the server answers. Written at the first snapshot, at most every 30 s
// after (a marathon's rows are megabytes), and when the connection drops.
import { useEffect, useRef, useState } from 'react';
import type { RaceSnapshot } from '../../../shared/views';
import { fromSnapshot, type RaceState } from '../live/race-state';
import { useLive } from '../live/LiveProvider';

const CACHE = 'splitcast-kept-races';
const SAVE_EVERY_MS = 30_000;

const keyOf = (eventId: string, raceId: string) => `/kept/races/${encodeURIComponent(eventId)}/${encodeURIComponent(raceId)}`;

/** Cache Storage exists in secure contexts only (https, localhost). */
const storage = () => (typeof caches === 'undefined' ? null : caches);

async function load(eventId: string, raceId: string): Promise<RaceSnapshot | null> {
  const res = await storage()?.match(keyOf(eventId, raceId));
  if (!res) return null;
  const snapshot = (await res.json()) as RaceSnapshot;
  return snapshot.eventId === eventId && snapshot.raceId === raceId && Array.isArray(snapshot.runners) ? snapshot : null;
}

async function save(eventId: string, state: RaceState): Promise<void> {
  const cache = await storage()?.open(CACHE);
  const snapshot: RaceSnapshot = { eventId, raceId: state.raceId, seq: state.seq, counters: state.counters, runners: [...state.rows.values()] };
  await cache?.put(keyOf(eventId, state.raceId), new Response(JSON.stringify(snapshot), { headers: { 'content-type': 'application/json' } }));
}

/**
 * The live state when there is one; while the server cannot be reached, the one kept from before.
 * Not while connecting: a normal load waits for live data, so nothing old passes for news.
 */
export function useKeptRace(eventId: string, raceId: string, live: RaceState | null, version: number): RaceState | null {
  const offline = useLive().state === 'offline';
  const [kept, setKept] = useState<RaceState | null>(null);
  const savedAt = useRef(0);

  useEffect(() => {
    let current = true;
    load(eventId, raceId).then(
      (s) => current && s && setKept(fromSnapshot(s)),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [eventId, raceId]);

  // Also when the connection drops: what the screen shows then is what a reload should show.
  useEffect(() => {
    if (!live || (!offline && Date.now() - savedAt.current < SAVE_EVERY_MS)) return;
    savedAt.current = Date.now();
    save(eventId, live).catch(() => undefined);
  }, [eventId, live, version, offline]);

  return live ?? (offline ? kept : null);
}
