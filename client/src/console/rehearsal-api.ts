// The rehearsal part of the organizer API: create from a results file (sent as CSV) or from an
// event, then play, pause, stop and ask how far it is.
import type { RehearsalStatus } from '../../../shared/rehearsal';
import { ApiError } from './console-api';

export type { RehearsalStatus };

async function send<T>(method: string, path: string, body?: { json?: unknown; csv?: string }): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body?.csv !== undefined) headers['content-type'] = 'text/csv';
  else if (method !== 'GET') headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, credentials: 'same-origin', headers, body: method === 'GET' ? undefined : (body?.csv ?? JSON.stringify(body?.json ?? {})) });
  const data = (await res.json().catch(() => null)) as (T & { error?: string }) | null;
  if (!res.ok) throw new ApiError(res.status, data?.error ?? `${res.status} ${res.statusText}`);
  return data as T;
}

const base = (eventId: string) => `/api/organizer/rehearsals/${encodeURIComponent(eventId)}`;

export const rehearsalApi = {
  fromResults: (eventId: string, name: string, csv: string, sample?: number) =>
    send<RehearsalStatus>('POST', `${base(eventId)}/from-results?name=${encodeURIComponent(name)}${sample ? `&sample=${sample}` : ''}`, { csv }),
  fromEvent: (eventId: string, name: string, sourceEventId: string) => send<RehearsalStatus>('POST', `${base(eventId)}/from-event`, { json: { name, sourceEventId } }),
  status: (eventId: string) => send<RehearsalStatus>('GET', base(eventId)),
  play: (eventId: string, speed: number) => send<RehearsalStatus>('POST', `${base(eventId)}/play`, { json: { speed } }),
  pause: (eventId: string) => send<RehearsalStatus>('POST', `${base(eventId)}/pause`, { json: {} }),
  stop: (eventId: string) => send<RehearsalStatus>('POST', `${base(eventId)}/stop`, { json: {} }),
};
