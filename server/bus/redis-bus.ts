// Redis pub/sub with the `redis` package: one connection publishes, one subscribes (a subscribed
// connection can do nothing else). Reconnects by itself; publishing while down fails fast.
import { createClient } from 'redis';
import type { Logger } from 'pino';
import type { Bus, BusHandler, BusStatus } from './bus';

type Client = ReturnType<typeof createClient>;

export class RedisBus implements Bus {
  private pub: Client;
  private sub: Client;
  private reconnectListeners: (() => void)[] = [];
  private wasDown = false;

  constructor(url: string, private log: Logger) {
    // Keep retrying forever, at most every 2 s: the race goes on while Redis is away.
    const socket = { reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000), connectTimeout: 2000 };
    // A publish while disconnected fails at once instead of queueing without bound; subscriptions
    // queue until the first connection and are renewed by the client after every reconnect.
    this.pub = createClient({ url, socket, disableOfflineQueue: true });
    this.sub = createClient({ url, socket });
    for (const [name, client] of [['publisher', this.pub], ['subscriber', this.sub]] as const) {
      client.on('error', (err: Error) => {
        if (!this.wasDown) this.log.warn({ err: err.message, client: name }, 'redis unreachable');
        this.wasDown = true;
      });
    }
    this.sub.on('ready', () => {
      if (this.wasDown) {
        this.wasDown = false;
        this.log.info('redis back');
        for (const l of this.reconnectListeners) l();
      }
    });
  }

  /** Starts connecting and returns at once; resolves `ready` when both connections are up. */
  start(): Promise<void> {
    return Promise.all([this.pub.connect(), this.sub.connect()]).then(() => undefined);
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.pub.publish(channel, message);
  }

  async subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>> {
    const subscribed = this.sub.subscribe(channel, handler).catch((err: Error) => this.log.warn({ err: err.message, channel }, 'redis subscribe failed'));
    // While Redis is away the command waits in the client's queue and runs once connected: an
    // instance must start (and ingest) without Redis, so only wait when the connection is up.
    if (this.sub.isReady) await subscribed;
    return async () => {
      // Nothing to tell a Redis that is not there; the connection is closed next anyway.
      if (this.sub.isReady) await this.sub.unsubscribe(channel, handler).catch(() => {});
    };
  }

  listeners(): undefined {
    return undefined;
  }

  status(): BusStatus {
    return this.pub.isReady && this.sub.isReady ? 'up' : 'down';
  }

  onReconnect(listener: () => void): void {
    this.reconnectListeners.push(listener);
  }

  async close(): Promise<void> {
    await Promise.allSettled([closeRedisClient(this.pub), closeRedisClient(this.sub)]);
  }
}

/** Close gracefully when connected; otherwise drop what is queued (a graceful close would wait for Redis forever). */
async function closeRedisClient(client: Client): Promise<void> {
  if (client.isReady) await client.close();
  else client.destroy();
}
