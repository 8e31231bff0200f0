// The TCP listener for timing equipment streams. Each connection names its format with its first
// line, authenticates with a device token, then streams passings. The passings of each chunk of
// data are stored in one transaction before the next chunk is read; anything malformed is counted
// and logged, never thrown.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { TimingConnection, type ConnectionCounts, type ListenerDeps } from './timing-connection';

export type { ListenerDeps };

export class TimingListener {
  private server: Server;
  private connections = new Set<TimingConnection>();
  private totals: ConnectionCounts = { lines: 0, accepted: 0, duplicates: 0, unmatched: 0, rejected: 0 };

  constructor(private deps: ListenerDeps) {
    this.server = createServer((socket) => this.accept(socket));
    // Far more than the mats of any event; a flood of idle connections is cut off at this.
    this.server.maxConnections = 256;
    this.server.on('error', (err) => deps.log.error({ err: err.message }, 'timing listener error'));
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const bound = (this.server.address() as AddressInfo).port;
        this.deps.log.info({ port: bound }, 'timing equipment listener ready');
        resolve(bound);
      });
    });
  }

  /** Counts over every connection so far, the open ones included. */
  counts(): ConnectionCounts & { connections: number } {
    const sum = { ...this.totals, connections: this.connections.size };
    for (const c of this.connections) {
      for (const k of Object.keys(this.totals) as (keyof ConnectionCounts)[]) sum[k] += c.counts[k];
    }
    return sum;
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    const connection = new TimingConnection(socket, this.deps);
    this.connections.add(connection);
    socket.once('close', () => {
      this.connections.delete(connection);
      for (const k of Object.keys(this.totals) as (keyof ConnectionCounts)[]) this.totals[k] += connection.counts[k];
    });
  }
}
