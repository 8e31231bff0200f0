// The stadium screen's last race state, kept in the browser (Cache Storage) so a screen reloaded
// while the server or the network is down shows what it showed before instead of "loading". Live
// data replaces it as soon as the server answers. Written at the first snapshot, then at most every
// 30 s: a marathon's rows are megabytes, and a few seconds' lag is nothing after an outage.
import { useEffect, useRef, useState } from 'react';
import type { RaceSnapshot } from '../../../shared/views';
import { fromSnapshot, type RaceState } from '../live/race-state';

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

/** The live state when there is one, else the one kept from before (or null). */
export function useKeptRace(eventId: string, raceId: string, live: RaceState | null, version: number): RaceState | null {
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

  useEffect(() => {
    if (!live || Date.now() - savedAt.current < SAVE_EVERY_MS) return;
    savedAt.current = Date.now();
    save(eventId, live).catch(() => undefined);
  }, [eventId, live, version]);

  return live ?? kept;
}
