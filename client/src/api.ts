// The public HTTP API, typed with the shared views.
import type { EventInfo } from '../../shared/domain';
import type { RunnerDetail, RunnerRow } from '../../shared/views';
import type { ClientConfig } from '../../shared/client-config';

export type { ClientConfig };

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { signal, headers: { accept: 'application/json' } });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: string } | null;
    throw new Error(body?.error ?? `${res.status} ${res.statusText}`);
  }
  return (await res.json()) as T;
}

const enc = encodeURIComponent;

export const api = {
  config: (signal?: AbortSignal) => getJson<ClientConfig>('/api/config', signal),
  events: (signal?: AbortSignal) => getJson<EventInfo[]>('/api/events', signal),
  event: (eventId: string, signal?: AbortSignal) => getJson<EventInfo>(`/api/events/${enc(eventId)}`, signal),
  runner: (eventId: string, bib: string, signal?: AbortSignal) => getJson<RunnerDetail>(`/api/events/${enc(eventId)}/runners/${enc(bib)}`, signal),
  search: (eventId: string, q: string, signal?: AbortSignal) =>
    getJson<RunnerRow[]>(`/api/events/${enc(eventId)}/search?q=${enc(q)}&limit=20`, signal),
};
