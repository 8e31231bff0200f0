// The stadium screen's last stage of each race and the field its map drew, kept in the browser
// (Cache Storage) so a screen reloaded while the server or the network is down shows what it showed
// before instead of "loading". Live data replaces them as soon as the server answers. Written at the
// first answer, at most every 30 s after, and when the connection drops.
import { useEffect, useRef, useState } from 'react';
import type { RaceStage } from '../../../shared/stage';
import { fieldFromRows, fieldRow, presentIndices, type Field } from '../../../shared/field-state';
import type { FieldRow } from '../../../shared/field-stream';
import { useLive } from '../live/LiveProvider';

const CACHE = 'splitcast-kept-races';
const SAVE_EVERY_MS = 30_000;

const stageKey = (eventId: string, raceId: string) => `/kept/races/${encodeURIComponent(eventId)}/${encodeURIComponent(raceId)}`;
const fieldKey = (eventId: string, raceId: string) => `/kept/fields/${encodeURIComponent(eventId)}/${encodeURIComponent(raceId)}`;

/** Cache Storage exists in secure contexts only (https, localhost). */
const storage = () => (typeof caches === 'undefined' ? null : caches);

async function load<T>(key: string): Promise<T | null> {
  const res = await storage()?.match(key);
  return res ? ((await res.json()) as T) : null;
}

async function save(key: string, value: unknown): Promise<void> {
  const cache = await storage()?.open(CACHE);
  await cache?.put(key, new Response(JSON.stringify(value), { headers: { 'content-type': 'application/json' } }));
}

/**
 * The live value when there is one; while the server cannot be reached, the one kept from before.
 * Not while connecting: a normal load waits for live data, so nothing old passes for news.
 */
function useKept<T, S>(key: string, live: T | null, version: number, toStored: (t: T) => S, fromStored: (s: S) => T | null): T | null {
  const offline = useLive().state === 'offline';
  const [kept, setKept] = useState<T | null>(null);
  const savedAt = useRef(0);

  useEffect(() => {
    let current = true;
    load<S>(key).then(
      (s) => current && s && setKept(fromStored(s)),
      () => undefined,
    );
    return () => {
      current = false;
    };
    // The converters are fixed per caller.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  // Also when the connection drops: what the screen shows then is what a reload should show.
  useEffect(() => {
    if (!live || (!offline && Date.now() - savedAt.current < SAVE_EVERY_MS)) return;
    savedAt.current = Date.now();
    save(key, toStored(live)).catch(() => undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, live, version, offline]);

  return live ?? (offline ? kept : null);
}

export function useKeptStage(eventId: string, raceId: string, live: RaceStage | null): RaceStage | null {
  return useKept<RaceStage, RaceStage>(
    stageKey(eventId, raceId),
    live,
    0,
    (s) => s,
    (s) => (s.eventId === eventId && s.raceId === raceId && Array.isArray(s.leaders) ? s : null),
  );
}

export function useKeptField(eventId: string, raceId: string, live: Field | null, version: number): Field | null {
  return useKept<Field, FieldRow[]>(
    fieldKey(eventId, raceId),
    live,
    version,
    (f) => [...presentIndices(f)].map((i) => fieldRow(f, i)),
    (rows) => (Array.isArray(rows) ? fieldFromRows(rows) : null),
  );
}
