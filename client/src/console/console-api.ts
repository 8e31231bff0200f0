// The organizer API as the console calls it: JSON in and out, the session cookie sent by the
// browser, errors carrying the server's message (and, for imports, the problems by line).
import type { AuditQuery, RaceSpecInput } from '../../../shared/organizer';
import type {
  AssignChipRequest,
  EntrantImportRequest,
  GunRequest,
  LineProblem,
  LoopRequest,
  ManualSplitRequest,
  MoveRunnerRequest,
  NewEventRequest,
  PrivacyRequest,
  OrganizerAnswers,
  ReviewRequest,
  StatusChangeRequest,
  TimingPointRequest,
  UndoRequest,
} from '../../../shared/organizer-api';

export type { AuditEntry, RunnerRead } from '../../../shared/organizer';
export type { DeviceInfo as Device, EntrantPreview, EventSummary, LineProblem, Organizer, UnmatchedChip } from '../../../shared/organizer-api';

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

type A = OrganizerAnswers;

export const consoleApi = {
  me: () => request<A['me']>('GET', '/api/organizer/me'),
  cluster: () => request<A['cluster']>('GET', '/api/organizer/cluster'),
  logIn: (email: string, password: string) => request<A['me']>('POST', '/api/organizer/login', { email, password }),
  logOut: () => request<{ ok: true }>('POST', '/api/organizer/logout'),
  events: () => request<A['events']>('GET', '/api/organizer/events'),
  createEvent: (body: NewEventRequest) => request<A['createEvent']>('POST', '/api/organizer/events', body),
  setup: (eventId: string) => request<A['setup']>('GET', `${ev(eventId)}/setup`),
  addRace: (eventId: string, spec: RaceSpecInput) => request<A['race']>('POST', `${ev(eventId)}/races`, spec),
  setCourse: (eventId: string, raceId: string, text: string) => request<A['race']>('POST', `${ev(eventId)}/races/${enc(raceId)}/course`, { text }),
  addPoint: (eventId: string, raceId: string, body: TimingPointRequest) =>
    request<A['race']>('POST', `${ev(eventId)}/races/${enc(raceId)}/timing-points`, body),
  pointRemoval: (eventId: string, raceId: string, pointId: string) =>
    request<A['timingPointRemoval']>('GET', `${ev(eventId)}/races/${enc(raceId)}/timing-points/${enc(pointId)}/removal`),
  removePoint: (eventId: string, raceId: string, pointId: string) => request<A['race']>('DELETE', `${ev(eventId)}/races/${enc(raceId)}/timing-points/${enc(pointId)}`),
  setLoop: (eventId: string, raceId: string, loop: LoopRequest) => request<A['race']>('PUT', `${ev(eventId)}/races/${enc(raceId)}/loop`, loop),
  previewEntrants: (eventId: string, body: EntrantImportRequest) => request<A['entrantPreview']>('POST', `${ev(eventId)}/entrants/preview`, body),
  importEntrants: (eventId: string, body: EntrantImportRequest) => request<A['entrantImport']>('POST', `${ev(eventId)}/entrants/import`, body),
  gun: (eventId: string, raceId: string, body: GunRequest) => request<A['gun']>('POST', `${ev(eventId)}/races/${enc(raceId)}/gun`, body),
  status: (eventId: string, bib: string, body: StatusChangeRequest) => request<A['entrant']>('POST', `${ev(eventId)}/runners/${enc(bib)}/status`, body),
  move: (eventId: string, bib: string, body: MoveRunnerRequest) => request<A['entrant']>('POST', `${ev(eventId)}/runners/${enc(bib)}/move`, body),
  privacy: (eventId: string, bib: string, body: PrivacyRequest) => request<A['entrant']>('POST', `${ev(eventId)}/runners/${enc(bib)}/privacy`, body),
  runner: (eventId: string, bib: string) => request<A['runner']>('GET', `${ev(eventId)}/runners/${enc(bib)}`),
  manualSplit: (eventId: string, bib: string, body: ManualSplitRequest) =>
    request<unknown>('POST', `${ev(eventId)}/runners/${enc(bib)}/splits`, body),
  ignoreRead: (eventId: string, seq: number, reason: string) => request<unknown>('POST', `${ev(eventId)}/reads/${seq}/ignore`, { reason }),
  review: (eventId: string, bib: string, body: ReviewRequest) => request<unknown>('POST', `${ev(eventId)}/runners/${enc(bib)}/review`, body),
  unmatched: (eventId: string) => request<A['unmatched']>('GET', `${ev(eventId)}/unmatched`),
  assign: (eventId: string, body: AssignChipRequest) => request<unknown>('POST', `${ev(eventId)}/unmatched/assign`, body),
  audit: (eventId: string, filter: AuditQuery = {}) => {
    const query = new URLSearchParams({ limit: '200' });
    for (const [k, v] of Object.entries(filter)) if (v !== undefined && v !== '') query.set(k, String(v));
    return request<A['audit']>('GET', `${ev(eventId)}/audit?${query}`);
  },
  undoPreview: (eventId: string, auditId: number) => request<A['undoPreview']>('GET', `${ev(eventId)}/audit/${auditId}/undo`),
  undo: (eventId: string, auditId: number, body: UndoRequest = {}) => request<A['undo']>('POST', `${ev(eventId)}/audit/${auditId}/undo`, body),
  devices: (eventId: string) => request<A['devices']>('GET', `${ev(eventId)}/devices`),
  createDevice: (eventId: string, name: string) => request<A['createdDevice']>('POST', `${ev(eventId)}/devices`, { name }),
  revokeDevice: (eventId: string, id: string) => request<unknown>('POST', `${ev(eventId)}/devices/${enc(id)}/revoke`),
  timingDevices: (eventId: string) => request<A['timingDevices']>('GET', `${ev(eventId)}/timing/devices`),
  monitoring: (eventId: string) => request<A['monitoring']>('GET', `${ev(eventId)}/monitoring`),
  resultsUrl: (eventId: string, raceId: string) => `${ev(eventId)}/races/${enc(raceId)}/results.csv`,
};
