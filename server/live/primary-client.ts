// How a replica loads state from the primary.
import type { EventState } from './messages';

async function getJson<T>(url: string, token: string): Promise<T | undefined> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(30_000) });
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(`primary answered ${res.status} for ${new URL(url).pathname}`);
  return (await res.json()) as T;
}

export async function fetchPrimaryEventIds(primaryUrl: string, token: string): Promise<string[]> {
  return (await getJson<string[]>(new URL('/api/internal/events', primaryUrl).href, token)) ?? [];
}

export function fetchPrimaryState(primaryUrl: string, token: string, eventId: string): Promise<EventState | undefined> {
  return getJson<EventState>(new URL(`/api/internal/events/${encodeURIComponent(eventId)}/state`, primaryUrl).href, token);
}
