// Validate a batch of reads, store what is new in one transaction, then apply it to the engine.
// The answer is given only after the transaction is durable.
import { formatZodIssue } from '../../shared/zod-format';
import { NotFound } from '../domain/errors';
import { parseReadTime, readInputSchema, readKey, type IngestResult } from '../../shared/reads';
import type { Device } from '../storage/device-tokens';
import type { ReadLog, NewRead } from '../storage/read-log';
import type { EventRuntime } from '../live/event-runtime';
import type { Db } from '../storage/database';
import type { DeviceTokens } from '../storage/device-tokens';

export class IngestService {
  constructor(
    private db: Db,
    private readLog: ReadLog,
    private devices: DeviceTokens,
    private runtime: EventRuntime,
  ) {}

  /** `reads` are the raw items of the request's array; each is validated on its own. */
  ingest(eventId: string, device: Device, reads: readonly unknown[], now: number): IngestResult {
    const engine = this.runtime.engine(eventId);
    if (!engine) throw new NotFound(`no event "${eventId}" is set up on this server`);
    const rejected: IngestResult['rejected'] = [];
    const valid: NewRead[] = [];
    const seen = new Set<string>();
    let duplicates = 0;
    reads.forEach((raw, index) => {
      const parsed = readInputSchema.safeParse(raw);
      if (!parsed.success) {
        rejected.push({ index, message: formatZodIssue(parsed.error.issues[0]) });
        return;
      }
      const read = parsed.data;
      const time = parseReadTime(read.time);
      if (time === null) {
        rejected.push({ index, message: `time: "${String(read.time)}" is not a valid date` });
        return;
      }
      if (!engine.isKnownPoint(read.point)) {
        rejected.push({ index, message: `point: unknown timing point "${read.point}"` });
        return;
      }
      const key = readKey(device.id, read, time);
      if (seen.has(key)) {
        duplicates++;
        return;
      }
      seen.add(key);
      valid.push({ key, point: read.point, chip: read.chip ?? null, bib: read.bib ?? null, time, device: device.id });
    });

    const stored = this.db.transaction(() => {
      const result = this.readLog.append(eventId, valid, now);
      this.devices.touch(device.id, now);
      return result;
    })();
    const fresh = stored.filter((r) => r !== null);
    duplicates += stored.length - fresh.length;
    const { unmatched } = this.runtime.apply(eventId, fresh);
    return { accepted: fresh.length, duplicates, rejected, unmatched };
  }
}
