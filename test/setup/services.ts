// What every test file runs on, so a fresh clone's `npm test` needs no preparation: Redis is the
// one REDIS_URL names, or a private redis-server on a free loopback port for this run; HAProxy (the
// cluster's front door) must be installed.
import { existsSync } from 'node:fs';
import { HAPROXY } from '../../server/cluster/haproxy-bin';
import { startPrivateRedis, type PrivateRedis } from '../support/redis-server';
import { onPath, stopWithOneLine } from './requirements';

export default async function setup(): Promise<(() => Promise<void>) | void> {
  if (!existsSync(HAPROXY)) stopWithOneLine(`npm test needs HAProxy at ${HAPROXY}: install it (apt-get install haproxy) or set HAPROXY_BIN.`);
  // Both projects run this set-up; the first one to run starts Redis for the whole run.
  if (process.env.REDIS_URL) return;
  if (!onPath('redis-server')) stopWithOneLine('npm test needs redis-server on the PATH (apt-get install redis-server), or REDIS_URL naming a Redis that answers.');
  const redis: PrivateRedis = await startPrivateRedis();
  // Test files run in forked workers, which inherit this process's environment.
  process.env.REDIS_URL = redis.url;
  return async () => {
    await redis.stop();
    delete process.env.REDIS_URL;
  };
}
