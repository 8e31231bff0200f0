// A race's course history in the organizer API: earlier years' results files, listed, uploaded as
// CSV and removed.
import type { HistoryFileInfo } from '../../../shared/course-history';
import { ApiError } from './console-api';

export type { HistoryFileInfo };

async function send<T>(method: string, path: string, csv?: string): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (csv !== undefined) headers['content-type'] = 'text/csv';
  else if (method !== 'GET') headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, credentials: 'same-origin', headers, body: method === 'GET' ? undefined : (csv ?? '{}') });
  const data = (await res.json().catch(() => null)) as (T & { error?: string }) | null;
  if (!res.ok) throw new ApiError(res.status, data?.error ?? `${res.status} ${res.statusText}`);
  return data as T;
}

const base = (eventId: string, raceId: string) => `/api/organizer/events/${encodeURIComponent(eventId)}/races/${encodeURIComponent(raceId)}/history`;

export const historyApi = {
  list: (eventId: string, raceId: string) => send<{ files: HistoryFileInfo[] }>('GET', base(eventId, raceId)),
  upload: (eventId: string, raceId: string, name: string, csv: string) => send<{ file: HistoryFileInfo }>('POST', `${base(eventId, raceId)}?name=${encodeURIComponent(name)}`, csv),
  remove: (eventId: string, raceId: string, id: string) => send<{ files: HistoryFileInfo[] }>('DELETE', `${base(eventId, raceId)}/${encodeURIComponent(id)}`),
};
