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

  /** Fresh connections to the same server, for the Socket.IO adapter. */
  duplicateClients(): [Client, Client] {
    return [this.pub.duplicate({ disableOfflineQueue: false }), this.sub.duplicate()];
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.pub.publish(channel, message);
  }

  async subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>> {
    await this.sub.subscribe(channel, handler);
    return async () => {
      await this.sub.unsubscribe(channel, handler);
    };
  }

  status(): BusStatus {
    return this.pub.isReady && this.sub.isReady ? 'up' : 'down';
  }

  onReconnect(listener: () => void): void {
    this.reconnectListeners.push(listener);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.pub.close(), this.sub.close()]);
  }
}
