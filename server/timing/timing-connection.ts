// One equipment connection: greeting → format, token → device, then lines → passings → log.
import type { Socket } from 'node:net';
import type { Device } from '../storage/device-tokens';
import type { DecoderSession, RawPassing, TimingDecoder } from './decoders/decoder';
import { decoderFor } from './decoders';
import { LineSplitter } from './line-splitter';
import type { Logger } from 'pino';
import type { Clock } from '../../shared/clock';
import type { DeviceTokens } from '../storage/device-tokens';
import type { TimingIngest } from './timing-ingest';

/** What the listener and each of its connections work with. */
/** A device's contact is written at most this often, whatever it sends. */
export const CONTACT_EVERY_MS = 5_000;

export interface ListenerDeps {
  devices: DeviceTokens;
  timing: TimingIngest;
  log: Logger;
  now: Clock;
  /** A connection that has not authenticated within this many ms is closed. */
  authTimeoutMs?: number;
  /** How often a quiet connection is pinged (formats with a keep-alive); silent for three times this, it is closed. */
  keepAliveMs?: number;
}

export interface ConnectionCounts {
  lines: number;
  accepted: number;
  duplicates: number;
  unmatched: number;
  rejected: number;
}

export class TimingConnection {
  readonly counts: ConnectionCounts = { lines: 0, accepted: 0, duplicates: 0, unmatched: 0, rejected: 0 };
  private splitter = new LineSplitter();
  private decoder: TimingDecoder | null = null;
  private session: DecoderSession | null = null;
  private device: Device | null = null;
  private token = '';
  private authTimer: NodeJS.Timeout;
  private keepAliveTimer: NodeJS.Timeout | null = null;
  private lastHeard: number;
  /** When this device's contact was last written (at most every CONTACT_EVERY_MS). */
  private lastTouched = 0;

  constructor(
    private socket: Socket,
    private deps: ListenerDeps,
  ) {
    this.lastHeard = deps.now();
    socket.setEncoding('latin1');
    socket.setNoDelay(true);
    // A mat can be quiet for an hour: keep the link alive at the TCP level, and ping where the
    // format allows (see authenticate), rather than closing quiet connections.
    socket.setKeepAlive(true, 30_000);
    this.authTimer = setTimeout(() => {
      if (!this.device) this.close('no device token within the time allowed');
    }, deps.authTimeoutMs ?? 15_000);
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(this.authTimer);
      if (this.keepAliveTimer) clearInterval(this.keepAliveTimer);
      const partial = this.splitter.rest();
      if (partial) this.reject('partial line at disconnect', partial);
    });
  }

  destroy(): void {
    this.socket.destroy();
  }

  private onData(chunk: string): void {
    this.lastHeard = this.deps.now();
    // Any line from an authenticated device is contact, a keep-alive answer too: monitoring tells
    // a controller that talks but reads nobody from one that is gone.
    if (this.device && this.lastHeard - this.lastTouched >= CONTACT_EVERY_MS) {
      this.lastTouched = this.lastHeard;
      this.deps.devices.touch(this.device.id, this.lastHeard);
    }
    const { lines, tooLong } = this.splitter.push(chunk);
    for (let i = 0; i < tooLong; i++) this.reject('line too long', '');
    const passings: RawPassing[] = [];
    const replies: string[] = [];
    for (const line of lines) {
      this.counts.lines++;
      if (!this.session) {
        this.decoder = decoderFor(line) ?? null;
        if (!this.decoder) return this.close('unknown greeting: expected a ChronoTrack greeting or AUTH;<token>', line);
        this.session = this.decoder.session();
      }
      const { outcome, replies: r } = this.session.onLine(line);
      replies.push(...r);
      if (outcome.kind === 'rejected') this.reject(outcome.reason, line);
      else if (outcome.kind === 'auth') {
        if (!this.authenticate(outcome.token)) return;
        replies.push(...this.session.onAuthenticated());
      } else if (outcome.kind === 'passing') {
        if (this.device) passings.push(outcome.passing);
        else this.reject('passing before the device token', line);
      }
    }
    if (passings.length === 0) return this.reply(replies);
    // Nothing more is read, and nothing answered, until these passings are stored (on a
    // synchronous standby too): what the controller sees answered is durable.
    this.socket.pause();
    void this.store(passings).then(() => {
      this.reply(replies);
      if (!this.socket.destroyed) this.socket.resume();
    });
  }

  private reply(replies: string[]): void {
    if (replies.length > 0 && this.decoder && !this.socket.destroyed) this.socket.write(replies.map((r) => r + this.decoder!.eol).join(''));
  }

  private authenticate(token: string): boolean {
    const device = this.deps.devices.verify(token);
    if (!device) {
      this.close('unknown or revoked device token');
      return false;
    }
    if (!this.deps.timing.hasEvent(device.eventId)) {
      this.close(`the device's event "${device.eventId}" is not set up`);
      return false;
    }
    this.device = device;
    this.token = token;
    this.lastTouched = this.deps.now();
    this.deps.devices.touch(device.id, this.lastTouched);
    clearTimeout(this.authTimer);
    const ping = this.decoder?.keepAlive;
    if (ping) {
      // Socket timeouts count our own pings as activity: watch for the device's lines instead.
      const every = this.deps.keepAliveMs ?? 30_000;
      this.keepAliveTimer = setInterval(() => {
        if (this.deps.now() - this.lastHeard > every * 3) {
          this.deps.log.warn({ device: device.name }, 'timing device stopped answering keep-alive pings; closing');
          this.socket.destroy();
        } else this.socket.write(ping + this.decoder!.eol);
      }, every);
      this.keepAliveTimer.unref();
    }
    this.deps.log.info({ device: device.name, format: this.decoder?.name, remote: this.socket.remoteAddress }, 'timing device connected');
    return true;
  }

  private async store(passings: RawPassing[]): Promise<void> {
    // A token revoked while the link is up stops it at once, as on the HTTP API.
    if (!this.deps.devices.verify(this.token)) return this.close('device token revoked');
    try {
      const result = await this.deps.timing.storePassings(this.device!, passings, this.deps.now());
      this.counts.accepted += result.accepted;
      this.counts.duplicates += result.duplicates;
      this.counts.unmatched += result.unmatched;
      for (const r of [...result.unmapped, ...result.rejected]) this.reject(r.message, passings[r.index]?.readId ?? '');
    } catch (err) {
      // Storage failed: nothing of this chunk is stored; close so the controller re-sends it.
      this.deps.log.error({ err: (err as Error).message, device: this.device?.name }, 'timing passings not stored');
      this.socket.destroy();
    }
  }

  private reject(reason: string, line: string): void {
    this.counts.rejected++;
    // Every rejection is counted; a device spewing garbage is logged at the start and then sparsely.
    if (this.counts.rejected > 20 && this.counts.rejected % 1000 !== 0) return;
    this.deps.log.warn({ format: this.decoder?.name, device: this.device?.name, reason, line: line.slice(0, 120) }, 'timing line rejected');
  }

  private close(reason: string, line = ''): void {
    this.reject(reason, line);
    this.socket.destroy();
  }
}
