// Real servers for tests: port 0, a temporary data directory, the test event and a device token.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { createSplitcast, type Splitcast } from '../../server/app';
import { configWith, type Config } from '../../server/config';
import type { Clock, Scheduler } from '../../shared/clock';
import type { Bus } from '../../server/bus/bus';
import type { EventSetup } from '../../shared/domain';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/socket-events';
import { smallEvent } from '../fixtures';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The test servers' cluster token: with it a test's socket may take whole races, as the cluster's tools do. */
export const TEST_CLUSTER_TOKEN = 'test-cluster-token-for-whole-races';

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'splitcast-test-'));
}

export interface TestPrimary {
  server: Splitcast;
  token: string;
  dataDir: string;
}

/** A primary with the small test event (or the given one) and a device token for it. */
export async function startPrimary(options: { config?: Partial<Config>; event?: EventSetup; dataDir?: string; token?: string; scheduler?: Scheduler; bus?: Bus; clock?: Clock } = {}): Promise<TestPrimary> {
  const dataDir = options.dataDir ?? tempDataDir();
  const server = await createSplitcast(configWith({ PORT: 0, HOST: '127.0.0.1', DATA_DIR: dataDir, COALESCE_MS: 20, CLUSTER_TOKEN: TEST_CLUSTER_TOKEN, ...options.config }), { scheduler: options.scheduler, bus: options.bus, clock: options.clock });
  const event = options.event ?? smallEvent();
  if (!server.primary!.runtime.has(event.id)) server.primary!.runtime.saveSetup(event);
  const { token } = server.primary!.devices.create(event.id, 'test mat', Date.now(), options.token);
  return { server, token, dataDir };
}

export function postReads(url: string, eventId: string, token: string | null, body: unknown): Promise<Response> {
  return fetch(`${url}/api/events/${eventId}/reads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * `localAddress`: another loopback address to connect from (127.0.0.2), counted apart from 127.0.0.1.
 * `wholeRace`: present the test cluster token, so `race:subscribe` answers (spectators are refused it).
 */
export async function connectSocket(url: string, options: { localAddress?: string; wholeRace?: boolean } = {}): Promise<TestSocket> {
  const { wholeRace, ...rest } = options;
  const socket: TestSocket = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false, ...(wholeRace ? { auth: { clusterToken: TEST_CLUSTER_TOKEN } } : {}), ...rest });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Resolve with the first `race:update` that satisfies the predicate. */
export function nextUpdate<T extends keyof ServerToClientEvents>(
  socket: TestSocket,
  event: T,
  predicate: (...args: Parameters<ServerToClientEvents[T]>) => boolean,
  timeoutMs = 10_000,
): Promise<Parameters<ServerToClientEvents[T]>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no matching ${String(event)} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (...args: Parameters<ServerToClientEvents[T]>) => {
      if (!predicate(...args)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(args);
    };
    socket.on(event, listener as never);
  });
}
