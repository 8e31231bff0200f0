// The organizer API as the console calls it: JSON in and out, the session cookie sent by the
// browser, errors carrying the server's message (and, for imports, the problems by line).
import type { EventSetup, Entrant, Race } from '../../../shared/domain';
import type { AuditEntry, MonitoringReport, RaceSpecInput, RunnerRead } from '../../../shared/organizer';

export type { AuditEntry, RunnerRead };
import type { RunnerDetail } from '../../../shared/views';

export interface Organizer {
  id: string;
  email: string;
  role: 'admin' | 'organizer';
  eventIds: string[] | null;
}

export interface LineProblem {
  line: number;
  field?: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: LineProblem[] = [],
  ) {
    super(message);
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { accept: 'application/json', ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
    body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
  });
  const data = (await res.json().catch(() => null)) as (T & { error?: string; problems?: LineProblem[] }) | null;
  if (!res.ok) throw new ApiError(res.status, data?.error ?? `${res.status} ${res.statusText}`, data?.problems ?? []);
  return data as T;
}

const enc = encodeURIComponent;
const ev = (eventId: string) => `/api/organizer/events/${enc(eventId)}`;

export interface EventSummary {
  id: string;
  name: string;
  date: string;
  races: { id: string; name: string }[];
  entrants: number;
  rehearsal?: boolean;
}

export interface EntrantPreview {
  headers: string[];
  mapping: Record<string, string>;
  fields: string[];
  rows: number;
  valid: number;
  problems: LineProblem[];
  sample: Entrant[];
}

export interface Device {
  id: string;
  name: string;
  createdAt: number;
  revokedAt: number | null;
  lastSeenAt: number | null;
}

export interface UnmatchedChip {
  kind: 'chip' | 'bib';
  value: string;
  reads: number;
  points: string[];
  first: number;
  last: number;
}

export const consoleApi = {
  me: () => request<{ organizer: Organizer }>('GET', '/api/organizer/me'),
  logIn: (email: string, password: string) => request<{ organizer: Organizer }>('POST', '/api/organizer/login', { email, password }),
  logOut: () => request<{ ok: true }>('POST', '/api/organizer/logout'),
  events: () => request<{ events: EventSummary[] }>('GET', '/api/organizer/events'),
  createEvent: (body: { id: string; name: string; date: string; timeZone: string; race: RaceSpecInput }) => request<{ event: EventSetup }>('POST', '/api/organizer/events', body),
  setup: (eventId: string) => request<EventSetup>('GET', `${ev(eventId)}/setup`),
  addRace: (eventId: string, spec: RaceSpecInput) => request<{ race: Race }>('POST', `${ev(eventId)}/races`, spec),
  setCourse: (eventId: string, raceId: string, text: string) => request<{ race: Race }>('POST', `${ev(eventId)}/races/${enc(raceId)}/course`, { text }),
  addPoint: (eventId: string, raceId: string, body: { distance?: number; position?: [number, number]; name?: string; id?: string }) =>
    request<{ race: Race }>('POST', `${ev(eventId)}/races/${enc(raceId)}/timing-points`, body),
  removePoint: (eventId: string, raceId: string, pointId: string) => request<{ race: Race }>('DELETE', `${ev(eventId)}/races/${enc(raceId)}/timing-points/${enc(pointId)}`),
  setLoop: (eventId: string, raceId: string, loop: { length: number; laps: number }) => request<{ race: Race }>('PUT', `${ev(eventId)}/races/${enc(raceId)}/loop`, loop),
  previewEntrants: (eventId: string, body: { csv: string; mapping?: Record<string, string>; mode: 'replace' | 'add' }) => request<EntrantPreview>('POST', `${ev(eventId)}/entrants/preview`, body),
  importEntrants: (eventId: string, body: { csv: string; mapping?: Record<string, string>; mode: 'replace' | 'add' }) =>
    request<{ imported: number; total: number }>('POST', `${ev(eventId)}/entrants/import`, body),
  gun: (eventId: string, raceId: string, body: { time: number | string; waveId?: string }) => request<{ gunTime: number }>('POST', `${ev(eventId)}/races/${enc(raceId)}/gun`, body),
  status: (eventId: string, bib: string, body: { status: Entrant['status']; reason: string }) => request<{ entrant: Entrant }>('POST', `${ev(eventId)}/runners/${enc(bib)}/status`, body),
  move: (eventId: string, bib: string, body: { raceId: string; waveId?: string | null; reason: string }) => request<{ entrant: Entrant }>('POST', `${ev(eventId)}/runners/${enc(bib)}/move`, body),
  runner: (eventId: string, bib: string) => request<{ entrant: Entrant; runner: RunnerDetail; reads: RunnerRead[] }>('GET', `${ev(eventId)}/runners/${enc(bib)}`),
  manualSplit: (eventId: string, bib: string, body: { point: string; time: number | string; reason: string; replacesRead?: number }) =>
    request<unknown>('POST', `${ev(eventId)}/runners/${enc(bib)}/splits`, body),
  ignoreRead: (eventId: string, seq: number, reason: string) => request<unknown>('POST', `${ev(eventId)}/reads/${seq}/ignore`, { reason }),
  review: (eventId: string, bib: string, body: { reason: string; outcome: 'accepted' | 'dq' }) => request<unknown>('POST', `${ev(eventId)}/runners/${enc(bib)}/review`, body),
  unmatched: (eventId: string) => request<{ unmatched: UnmatchedChip[] }>('GET', `${ev(eventId)}/unmatched`),
  assign: (eventId: string, body: { chip: string; bib: string; reason?: string }) => request<unknown>('POST', `${ev(eventId)}/unmatched/assign`, body),
  audit: (eventId: string) => request<{ entries: AuditEntry[] }>('GET', `${ev(eventId)}/audit?limit=200`),
  devices: (eventId: string) => request<{ devices: Device[] }>('GET', `${ev(eventId)}/devices`),
  createDevice: (eventId: string, name: string) => request<{ device: Device; token: string }>('POST', `${ev(eventId)}/devices`, { name }),
  revokeDevice: (eventId: string, id: string) => request<unknown>('POST', `${ev(eventId)}/devices/${enc(id)}/revoke`),
  monitoring: (eventId: string) => request<MonitoringReport>('GET', `${ev(eventId)}/monitoring`),
  resultsUrl: (eventId: string, raceId: string) => `${ev(eventId)}/races/${enc(raceId)}/results.csv`,
};
