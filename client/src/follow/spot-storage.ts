// "My spot" per event, kept in the browser beside the followed runners (and sent with the alert
// subscription, so the server can tell when a runner nears it).
import { useSyncExternalStore } from 'react';
import { spotSchema, type Spot } from '../../../shared/spot';

const key = (eventId: string) => `splitcast.spot.${eventId}`;
const listeners = new Set<() => void>();
const cache = new Map<string, Spot | null>();

export function loadSpot(eventId: string): Spot | null {
  if (cache.has(eventId)) return cache.get(eventId)!;
  let spot: Spot | null = null;
  try {
    const parsed = spotSchema.safeParse(JSON.parse(localStorage.getItem(key(eventId)) ?? 'null'));
    if (parsed.success) spot = parsed.data;
  } catch {
    // Storage blocked or damaged: no spot.
  }
  cache.set(eventId, spot);
  return spot;
}

export function saveSpot(eventId: string, spot: Spot | null): void {
  cache.set(eventId, spot);
  try {
    if (spot) localStorage.setItem(key(eventId), JSON.stringify(spot));
    else localStorage.removeItem(key(eventId));
  } catch {
    // Storage full or blocked: the spot holds for this visit.
  }
  for (const l of listeners) l();
}

/** This browser's spot in the event, live. */
export function useSpot(eventId: string): Spot | null {
  return useSyncExternalStore(
    (l) => (listeners.add(l), () => listeners.delete(l)),
    () => loadSpot(eventId),
  );
}
