// Organizer sessions and API calls for tests, against a real primary.
import { io as connect, type Socket } from 'socket.io-client';
import { ORGANIZER_NAMESPACE, type OrganizerClientEvents, type OrganizerServerEvents } from '../shared/organizer';
import { startPrimary, type TestPrimary } from './support/servers';
import type { EventSetup } from '../shared/domain';

export const ADMIN = { email: 'admin@splitcast.test', password: 'correct horse battery' };

export async function startWithOrganizer(options: { event?: EventSetup; config?: Record<string, unknown> } = {}): Promise<TestPrimary & { cookie: string }> {
  const primary = await startPrimary({ event: options.event, config: { ORGANIZER_EMAIL: ADMIN.email, ORGANIZER_PASSWORD: ADMIN.password, MONITOR_INTERVAL_MS: 100, ...options.config } });
  const cookie = await logIn(primary.server.url, ADMIN.email, ADMIN.password);
  return { ...primary, cookie };
}

/** The session cookie ("sc_session=…") after a successful log-in. */
export async function logIn(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/organizer/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (res.status !== 200) throw new Error(`log-in answered ${res.status}: ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0];
}

export interface CallOptions {
  cookie?: string;
  token?: string;
  body?: unknown;
  contentType?: string;
}

export async function call(url: string, method: string, path: string, options: CallOptions = {}): Promise<{ status: number; body: any; text: string; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined || method !== 'GET') headers['content-type'] = options.contentType ?? 'application/json';
  const res = await fetch(`${url}${path}`, { method, headers, body: method === 'GET' ? undefined : JSON.stringify(options.body ?? {}) });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: res.status, body, text, headers: res.headers };
}

export type OrganizerSocket = Socket<OrganizerServerEvents, OrganizerClientEvents>;

export function connectOrganizer(url: string, cookie?: string): Promise<OrganizerSocket> {
  const socket: OrganizerSocket = connect(`${url}${ORGANIZER_NAMESPACE}`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: cookie ? { cookie } : {},
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}
