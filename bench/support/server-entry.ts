// One Splitcast instance in its own process for the benchmarks, so its CPU and memory are its own.
// A primary creates the event from BENCH_EVENT_FILE and the device token BENCH_TOKEN. Over IPC it
// answers `stats` and, for the fan-out baseline, sends a given payload as a bare Socket.IO broadcast.
import { readFileSync } from 'node:fs';
import { createSplitcast } from '../../server/app';
import { configWith, type Config } from '../../server/config';
import { eventSetupSchema } from '../../shared/domain';
import { parsePushServices } from '../../server/push/push-services';
import type { RaceUpdate } from '../../shared/socket-events';

const env = process.env;
const role = env.BENCH_ROLE === 'replica' ? 'replica' : 'primary';
const config: Partial<Config> = {
  PORT: 0,
  HOST: '127.0.0.1',
  DATA_DIR: env.DATA_DIR!,
  COALESCE_MS: Number(env.COALESCE_MS ?? 250),
  ROLE: role,
  // The benchmarks measure capacity: the per-address and per-device request limits are off, and
  // so are the socket cap and budgets per address (every simulated spectator is on 127.0.0.1),
  // unless the benchmark measures those (BENCH_SOCKET_LIMITS=1).
  RATE_LIMIT_IP: 0,
  ...(env.BENCH_LOG_LEVEL ? { LOG_LEVEL: env.BENCH_LOG_LEVEL as Config["LOG_LEVEL"] } : {}),
  RATE_LIMIT_DEVICE: 0,
  ...(env.BENCH_SOCKET_LIMITS === '1' ? {} : { SOCKETS_PER_ADDRESS: 0, SOCKET_BURST: 0 }),
  ...(env.REDIS_URL ? { REDIS_URL: env.REDIS_URL, REDIS_PREFIX: env.REDIS_PREFIX, CLUSTER_TOKEN: env.CLUSTER_TOKEN } : {}),
  ...(env.PRIMARY_URL ? { PRIMARY_URL: env.PRIMARY_URL } : {}),
  // A push-service stand-in the alerts go to (the push-alerts benchmark).
  ...(env.PUSH_SERVICES ? { PUSH_SERVICES: pushServices(env.PUSH_SERVICES) } : {}),
  ...(env.ORGANIZER_EMAIL ? { ORGANIZER_EMAIL: env.ORGANIZER_EMAIL, ORGANIZER_PASSWORD: env.ORGANIZER_PASSWORD } : {}),
};
function pushServices(list: string): Exclude<ReturnType<typeof parsePushServices>, string> {
  const parsed = parsePushServices(list);
  if (typeof parsed === 'string') throw new Error(`PUSH_SERVICES: ${parsed}`);
  return parsed;
}

const server = await createSplitcast(configWith(config));
if (role === 'primary') {
  const event = eventSetupSchema.parse(JSON.parse(readFileSync(env.BENCH_EVENT_FILE!, 'utf8')));
  const { runtime, devices } = server.primary!;
  if (!runtime.has(event.id)) runtime.saveSetup(event);
  devices.create(event.id, 'bench mat', Date.now(), env.BENCH_TOKEN!);
  // More events (BENCH_EXTRA_EVENTS_FILE), each with a token of its own.
  const extra = env.BENCH_EXTRA_EVENTS_FILE ? (JSON.parse(readFileSync(env.BENCH_EXTRA_EVENTS_FILE, 'utf8')) as unknown[]) : [];
  for (const raw of extra) {
    const other = eventSetupSchema.parse(raw);
    if (!runtime.has(other.id)) runtime.saveSetup(other);
    devices.create(other.id, 'bench mat', Date.now(), `${env.BENCH_TOKEN!}-${other.id}`);
  }
}

type Command = { type: 'stats'; gc?: boolean } | { type: 'bare'; room: string; payload: RaceUpdate } | { type: 'close' };

process.on('message', (command: Command) => {
  if (command.type === 'bare') {
    server.io.local.to(command.room).emit('race:update', command.payload);
  } else if (command.type === 'stats') {
    // With --expose-gc, `gc: true` collects first, so heapUsed is what is live.
    if (command.gc) (globalThis as { gc?: () => void }).gc?.();
    process.send!({ type: 'stats', sockets: server.io.engine.clientsCount, monitoringComputations: server.primary?.monitoring.computations, memory: process.memoryUsage(), cpu: process.cpuUsage() });
  } else if (command.type === 'close') {
    void server.close().then(() => process.exit(0));
  }
});
process.send!({ type: 'ready', url: server.url, rebuilds: server.primary?.runtime.rebuilds ?? [] });
