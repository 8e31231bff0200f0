// A Splitcast primary (or standby) in its own process, for tests that kill it: creates the test
// event and the given device token on first start, then prints one JSON line with its URL.
import { createSplitcast } from '../../server/app';
import { configWith, loadConfig } from '../../server/config';
import { eventSetupSchema } from '../../shared/domain';
import { EXIT_DEPOSED } from '../../server/cluster/leadership';

const env = process.env;
// As server/main.ts: a deposed leader stops (exit code EXIT_DEPOSED), for its supervisor to start again.
let started = false;
let deposed = false;
const stepDown = () => void server.close().then(() => process.exit(EXIT_DEPOSED));
const server = await createSplitcast(
  configWith({
    PORT: Number(env.PORT ?? 0),
    HOST: '127.0.0.1',
    DATA_DIR: env.DATA_DIR!,
    COALESCE_MS: 20,
    ...(env.SNAPSHOT_MS ? { SNAPSHOT_MS: Number(env.SNAPSHOT_MS) } : {}),
    ...(env.CHILD_LOG_LEVEL ? { LOG_LEVEL: env.CHILD_LOG_LEVEL as 'info' } : {}),
    ...(env.TIMING_TCP_PORT ? { TIMING_TCP_PORT: Number(env.TIMING_TCP_PORT) } : {}),
    ...(env.RATE_LIMIT_ALERTS ? { RATE_LIMIT_ALERTS: Number(env.RATE_LIMIT_ALERTS) } : {}),
    ...(env.PUSH_SERVICES ? { PUSH_SERVICES: loadConfig({ PUSH_SERVICES: env.PUSH_SERVICES }).PUSH_SERVICES } : {}),
    ...(env.REDIS_URL ? { REDIS_URL: env.REDIS_URL, REDIS_PREFIX: env.REDIS_PREFIX, CLUSTER_TOKEN: env.CLUSTER_TOKEN } : {}),
    ...(env.ORGANIZER_EMAIL ? { ORGANIZER_EMAIL: env.ORGANIZER_EMAIL, ORGANIZER_PASSWORD: env.ORGANIZER_PASSWORD } : {}),
    ...(env.ROLE === 'standby' ? { ROLE: 'standby' as const, LEASE_MS: Number(env.LEASE_MS ?? 5000), SYNC_STANDBY: env.SYNC_STANDBY === '1', SYNC_TIMEOUT_MS: Number(env.SYNC_TIMEOUT_MS ?? 2000) } : {}),
  }),
  {
    onDeposed: () => {
      deposed = true;
      if (started) stepDown();
    },
  },
);
started = true;
if (deposed) stepDown();
const event = eventSetupSchema.parse(JSON.parse(env.SPLITCAST_EVENT!));
// A standby that does not lead has no store open: it copies the leader's, test event included.
if (server.primary) {
  const { runtime, devices } = server.primary;
  if (!runtime.has(event.id)) runtime.saveSetup(event);
  devices.create(event.id, 'test mat', Date.now(), env.SPLITCAST_TOKEN!);
}
process.stdout.write(`${JSON.stringify({ ready: true, url: server.url })}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
