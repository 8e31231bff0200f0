// Splitcast as a client of a RACE RESULT decoder, the way the decoder expects to be read: connect
// to it (port 3601), ask for pushed passings (SETPUSHPASSINGS;1;0) and, after every (re)connect,
// fetch by number what was passed while the link was down ("<from>:<count>", after PASSINGS says
// how many the current file holds). The fetch cursor advances only past stored passings, so a
// broken link or a failed write re-fetches the range; the read key makes the overlap harmless.
import { connect, type Socket } from 'node:net';
import type { Logger } from 'pino';
import type { DecoderLinkState } from '../../shared/organizer-api';
import type { Device, DeviceTokens } from '../storage/device-tokens';
import type { DecoderAddress } from '../storage/timing-devices';
import type { RawPassing } from './decoders/decoder';
import { raceResultDecoder } from './decoders/race-result';
import { LineSplitter } from './line-splitter';
import { CONTACT_EVERY_MS, type ConnectionCounts } from './timing-connection';
import type { DecoderNetworks } from './decoder-networks';
import type { TimingIngest } from './timing-ingest';

export interface ConnectorDeps {
  timing: TimingIngest;
  /** Checked before every connection: a name may resolve elsewhere later. */
  networks: DecoderNetworks;
  devices: DeviceTokens;
  log: Logger;
  now: () => number;
  /** Longest wait between reconnection attempts. */
  maxRetryMs?: number;
}

const EOL = '\r\n';
const PROTOCOL = '3.2';

export class RaceResultConnector {
  readonly counts: ConnectionCounts = { lines: 0, accepted: 0, duplicates: 0, unmatched: 0, rejected: 0 };
  /** Highest passing number stored, per decoder file. */
  private cursor = new Map<string, number>();
  private socket: Socket | null = null;
  private retryMs = 250;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  connected = false;
  /** When a passing was last stored from this decoder. */
  lastPassingAt: number | null = null;
  private lastTouched = 0;
  /** Why the link last failed (connection, refused address, storage), with when. */
  lastError: { message: string; at: number } | null = null;

  constructor(
    readonly device: Device,
    readonly address: DecoderAddress,
    private deps: ConnectorDeps,
  ) {}

  start(): void {
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket?.destroy();
  }

  private open(): void {
    void this.deps.networks.resolve(this.address.host, this.address.port).then((target) => {
      if (this.stopped) return;
      if ('refused' in target) {
        this.failed(target.refused);
        this.retryLater();
      } else this.openTo(target.address);
    });
  }

  private failed(message: string): void {
    this.lastError = { message, at: this.deps.now() };
    this.deps.log.warn({ device: this.device.name, err: message }, 'Race Result decoder link failed');
  }

  private retryLater(): void {
    this.retryTimer = setTimeout(() => this.open(), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, this.deps.maxRetryMs ?? 30_000);
  }

  private openTo(address: string): void {
    const socket = connect(this.address.port, address);
    this.socket = socket;
    const splitter = new LineSplitter(2048);
    const session = raceResultDecoder.session();
    socket.setEncoding('latin1');
    socket.setKeepAlive(true, 30_000);
    socket.on('connect', () => {
      this.connected = true;
      this.retryMs = 250;
      this.deps.log.info({ device: this.device.name, ...this.address }, 'connected to Race Result decoder');
      socket.write([`SETPROTOCOL;${PROTOCOL}`, 'SETPUSHPASSINGS;1;0', 'PASSINGS'].map((c) => c + EOL).join(''));
    });
    socket.on('data', (chunk: string) => {
      // The decoder answering is contact, passings or not (see timing-connection.ts).
      const now = this.deps.now();
      if (now - this.lastTouched >= CONTACT_EVERY_MS) {
        this.lastTouched = now;
        this.deps.devices.touch(this.device.id, now);
      }
      const { lines, tooLong } = splitter.push(chunk);
      this.counts.rejected += tooLong;
      const passings: RawPassing[] = [];
      for (const line of lines) {
        this.counts.lines++;
        const count = /^PASSINGS;(\d+)(?:;(\d+))?/.exec(line);
        if (count) {
          this.fetchMissed(socket, Number(count[1]), count[2] ?? '');
          continue;
        }
        const { outcome } = session.onLine(line);
        if (outcome.kind === 'passing') passings.push(outcome.passing);
        else if (outcome.kind === 'rejected') this.reject(outcome.reason, line);
      }
      if (passings.length === 0) return;
      // The next pushed passings wait until these are stored (on a synchronous standby too); the
      // cursor moves only then.
      socket.pause();
      void this.store(socket, passings).then(() => {
        if (!socket.destroyed) socket.resume();
      });
    });
    socket.on('error', (err) => this.failed(err.message));
    socket.on('close', () => {
      this.connected = false;
      if (!this.stopped) this.retryLater();
    });
  }

  /** The decoder holds `count` passings in `file`: fetch those after the last one stored. */
  private fetchMissed(socket: Socket, count: number, file: string): void {
    const from = (this.cursor.get(file) ?? 0) + 1;
    if (count >= from) socket.write(`${from}:${count - from + 1}${EOL}`);
  }

  private async store(socket: Socket, passings: RawPassing[]): Promise<void> {
    // A device revoked by race control stops its decoder link at once, as a token would.
    const current = this.deps.devices.list(this.device.eventId).find((d) => d.id === this.device.id);
    if (!current || current.revokedAt !== null) {
      this.deps.log.warn({ device: this.device.name }, 'device revoked; leaving its Race Result decoder');
      this.stop();
      return;
    }
    try {
      const result = await this.deps.timing.storePassings(this.device, passings, this.deps.now());
      this.counts.accepted += result.accepted;
      this.lastPassingAt = this.deps.now();
      this.counts.duplicates += result.duplicates;
      this.counts.unmatched += result.unmatched;
      for (const r of [...result.unmapped, ...result.rejected]) this.reject(r.message, passings[r.index]?.readId ?? '');
    } catch (err) {
      // Not stored: drop the link; the next connection fetches the range again.
      this.deps.log.error({ err: (err as Error).message, device: this.device.name }, 'Race Result passings not stored');
      this.lastError = { message: 'passings could not be stored; fetching them again', at: this.deps.now() };
      socket.destroy();
      return;
    }
    for (const p of passings) {
      // readId: rr:<box>:<file>:<passing number>
      const parts = p.readId!.split(':');
      const no = Number(parts[parts.length - 1]);
      const file = parts[parts.length - 2];
      if (no > (this.cursor.get(file) ?? 0)) this.cursor.set(file, no);
    }
  }

  private reject(reason: string, line: string): void {
    this.counts.rejected++;
    this.deps.log.warn({ format: 'raceresult', device: this.device.name, reason, line: line.slice(0, 120) }, 'timing line rejected');
  }
}

/** One connector per device configured with a decoder address; kept in step with the set-up. */
export class RaceResultConnectors {
  private connectors = new Map<string, RaceResultConnector>();

  constructor(private deps: ConnectorDeps) {}

  sync(device: Device, address: DecoderAddress | null): void {
    const current = this.connectors.get(device.id);
    if (current && address && current.address.host === address.host && current.address.port === address.port) return;
    current?.stop();
    this.connectors.delete(device.id);
    if (!address) return;
    const connector = new RaceResultConnector(device, address, this.deps);
    this.connectors.set(device.id, connector);
    connector.start();
  }

  get(deviceId: string): RaceResultConnector | undefined {
    return this.connectors.get(deviceId);
  }

  /** A device's decoder link as the console shows it; null when it has none. */
  state(deviceId: string): DecoderLinkState | null {
    const c = this.connectors.get(deviceId);
    if (!c) return null;
    return { address: c.address, connected: c.connected, lastPassingAt: c.lastPassingAt, lastError: c.lastError };
  }

  close(): void {
    for (const c of this.connectors.values()) c.stop();
    this.connectors.clear();
  }
}
