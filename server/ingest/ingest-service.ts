// Validate a batch of reads, store what is new in one transaction, then apply it to the engine.
// The answer is given only after the transaction is durable.
import { formatZodIssue } from '../../shared/zod-format';
import { NotFound } from '../domain/errors';
import { parseReadTime, readKey, type IngestResult, type StoredRead } from '../../shared/reads';
import { parseReadInput } from '../../shared/read-fast-path';
import { outsideWindowMessage, readWindowOf, withinReadWindow } from '../../shared/read-window';
import type { Device } from '../storage/device-tokens';
import type { ReadLog, NewRead } from '../storage/read-log';
import type { ReadWriter } from '../storage/read-writer';
import type { EventRuntime } from '../live/event-runtime';
import type { Db } from '../storage/database';
import type { DeviceTokens } from '../storage/device-tokens';
import { beginWrite, confirmWrite, type Leadership } from '../cluster/leadership';

interface Checked {
  valid: NewRead[];
  rejected: IngestResult['rejected'];
  duplicates: number;
}

export class IngestService {
  /** One string per timing point name: the engine keeps every read, and a batch parses a new string per read. */
  private pointNames = new Map<string, string>();

  constructor(
    private db: Db,
    private readLog: ReadLog,
    private devices: DeviceTokens,
    private runtime: EventRuntime,
    /** Stores the HTTP API's reads off the event loop, with group commit; without it, `ingestAsync` stores in place. */
    private writer?: ReadWriter,
    /** In a cluster: reads are acknowledged and applied only under a term this instance still leads. */
    private leadership?: Leadership,
    /** In a cluster: told of stored reads; with a synchronous standby, resolves once the standby has them. */
    private standby?: { stored(seq: number): Promise<void> },
  ) {}

  /**
   * `reads` are the raw items of the request's array; each is validated on its own. Stored and
   * applied at once: the standby is woken, not waited for (a backfill, inside its audit's
   * transaction, waits for it afterwards with `settled`).
   */
  ingest(eventId: string, device: Device, reads: readonly unknown[], now: number): IngestResult {
    const term = this.beginWrite();
    const { valid, rejected, duplicates } = this.check(eventId, device, reads);
    const stored = this.storeInPlace(eventId, device, valid, now);
    const newest = newestSeq(stored);
    if (newest > 0) void this.standby?.stored(newest);
    this.confirmWrite(term);
    return this.applyStored(eventId, stored, rejected, duplicates);
  }

  /**
   * As `ingest` (stored on this thread, for timing equipment streams and decoder links), but
   * answered and applied only once a synchronous standby has the reads too, as the HTTP API's are.
   */
  async ingestConfirmed(eventId: string, device: Device, reads: readonly unknown[], now: number): Promise<IngestResult> {
    const term = this.beginWrite();
    const { valid, rejected, duplicates } = this.check(eventId, device, reads);
    const stored = this.storeInPlace(eventId, device, valid, now);
    const newest = newestSeq(stored);
    if (newest > 0) await this.standby?.stored(newest);
    this.confirmWrite(term);
    if (!this.runtime.has(eventId)) throw new NotFound(`no event "${eventId}" is set up on this server`);
    return this.applyStored(eventId, stored, rejected, duplicates);
  }

  /** Resolves once a synchronous standby has every read stored here so far; throws if the lease was lost meanwhile. */
  async settled(): Promise<void> {
    const term = this.beginWrite();
    const newest = this.readLog.lastSeq();
    if (newest > 0) await this.standby?.stored(newest);
    this.confirmWrite(term);
  }

  /** As `ingest`, storing through the writer thread: resolves once the reads are fsynced and applied. */
  async ingestAsync(eventId: string, device: Device, reads: readonly unknown[], now: number): Promise<IngestResult> {
    if (!this.writer) return this.ingest(eventId, device, reads, now);
    const term = this.beginWrite();
    const { valid, rejected, duplicates } = this.check(eventId, device, reads);
    // Nothing to store but the device's last contact: no need for the trip to the writer thread.
    if (valid.length === 0) {
      this.devices.touch(device.id, now);
      return this.applyStored(eventId, [], rejected, duplicates);
    }
    const seqs = await this.writer.append(eventId, device.id, valid, now);
    let newest = 0;
    for (const seq of seqs) if (seq !== null && seq > newest) newest = seq;
    if (newest > 0) await this.standby?.stored(newest);
    // The lease may have lapsed while the batch was stored: then it is neither acknowledged nor applied.
    this.confirmWrite(term);
    const stored = valid.map((r, i): StoredRead | null => {
      const seq = seqs[i];
      return seq === null ? null : { seq, point: r.point, chip: r.chip, bib: r.bib, time: r.time, device: r.device };
    });
    // The event may have been removed while the reads were being stored; they stay in the log.
    if (!this.runtime.has(eventId)) throw new NotFound(`no event "${eventId}" is set up on this server`);
    return this.applyStored(eventId, stored, rejected, duplicates);
  }

  private storeInPlace(eventId: string, device: Device, valid: NewRead[], now: number): (StoredRead | null)[] {
    return this.db.transaction(() => {
      const result = this.readLog.append(eventId, valid, now);
      this.devices.touch(device.id, now);
      return result;
    })();
  }

  private beginWrite(): number | null {
    return this.leadership ? beginWrite(this.leadership) : null;
  }

  private confirmWrite(term: number | null): void {
    if (this.leadership && term !== null) confirmWrite(this.leadership, term);
  }

  private check(eventId: string, device: Device, reads: readonly unknown[]): Checked {
    const setup = this.runtime.setup(eventId);
    if (!setup) throw new NotFound(`no event "${eventId}" is set up on this server`);
    const rejected: IngestResult['rejected'] = [];
    const window = readWindowOf(setup);
    const valid: NewRead[] = [];
    const seen = new Set<string>();
    let duplicates = 0;
    reads.forEach((raw, index) => {
      const parsed = parseReadInput(raw);
      if (!parsed.success) {
        rejected.push({ index, message: formatZodIssue(parsed.error!.issues[0]) });
        return;
      }
      const read = parsed.data;
      const time = parseReadTime(read.time);
      if (time === null) {
        rejected.push({ index, message: `time: "${String(read.time)}" is not a valid date` });
        return;
      }
      if (!withinReadWindow(window, time)) {
        rejected.push({ index, message: `time: ${outsideWindowMessage('read time', time, window)}` });
        return;
      }
      if (!this.runtime.isKnownPoint(eventId, read.point)) {
        rejected.push({ index, message: `point: unknown timing point "${read.point}"` });
        return;
      }
      const key = readKey(device.id, read, time);
      if (seen.has(key)) {
        duplicates++;
        return;
      }
      seen.add(key);
      let point = this.pointNames.get(read.point);
      if (point === undefined) this.pointNames.set(read.point, (point = read.point));
      valid.push({ key, point, chip: read.chip ?? null, bib: read.bib ?? null, time, device: device.id });
    });
    return { valid, rejected, duplicates };
  }

  private applyStored(eventId: string, stored: readonly (StoredRead | null)[], rejected: IngestResult['rejected'], duplicates: number): IngestResult {
    const fresh = stored.filter((r) => r !== null);
    const { unmatched } = this.runtime.apply(eventId, fresh);
    return { accepted: fresh.length, duplicates: duplicates + stored.length - fresh.length, rejected, unmatched };
  }
}

function newestSeq(stored: readonly (StoredRead | null)[]): number {
  return stored.reduce((max, r) => (r && r.seq > max ? r.seq : max), 0);
}
