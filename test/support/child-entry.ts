// A Splitcast primary in its own process, for tests that kill it: creates the test event and the
// given device token on first start, then prints one JSON line with its URL.
import { createSplitcast } from '../../server/app';
import { configWith, loadConfig } from '../../server/config';
import { eventSetupSchema } from '../../shared/domain';

const env = process.env;
const server = await createSplitcast(
  configWith({
    PORT: Number(env.PORT ?? 0),
    HOST: '127.0.0.1',
    DATA_DIR: env.DATA_DIR!,
    COALESCE_MS: 20,
    ...(env.SNAPSHOT_MS ? { SNAPSHOT_MS: Number(env.SNAPSHOT_MS) } : {}),
    ...(env.CHILD_LOG_LEVEL ? { LOG_LEVEL: env.CHILD_LOG_LEVEL as 'info' } : {}),
    ...(env.RATE_LIMIT_ALERTS ? { RATE_LIMIT_ALERTS: Number(env.RATE_LIMIT_ALERTS) } : {}),
    ...(env.PUSH_SERVICES ? { PUSH_SERVICES: loadConfig({ PUSH_SERVICES: env.PUSH_SERVICES }).PUSH_SERVICES } : {}),
    ...(env.REDIS_URL ? { REDIS_URL: env.REDIS_URL, REDIS_PREFIX: env.REDIS_PREFIX, CLUSTER_TOKEN: env.CLUSTER_TOKEN } : {}),
  }),
);
const event = eventSetupSchema.parse(JSON.parse(env.SPLITCAST_EVENT!));
const { runtime, devices } = server.primary!;
if (!runtime.engine(event.id)) runtime.saveSetup(event);
devices.create(event.id, 'test mat', Date.now(), env.SPLITCAST_TOKEN!);
process.stdout.write(`${JSON.stringify({ ready: true, url: server.url })}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
