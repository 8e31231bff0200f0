// Passings from timing equipment into the durable log, through the same IngestService as the HTTP
// API (so durability and duplicates behave the same), after mapping each device's location to a
// timing point and its wall-clock time to epoch ms. Clock offsets are applied by the engine.
import type { IngestResult, ReadInput } from '../../shared/reads';
import type { IngestService } from '../ingest/ingest-service';
import type { EventRuntime } from '../live/event-runtime';
import type { Device } from '../storage/device-tokens';
import type { DeviceTiming, TimingDevices } from '../storage/timing-devices';
import type { RawPassing } from './decoders/decoder';
import { equipmentTimeToEpoch } from './wall-clock';

export interface PassingsResult extends IngestResult {
  /** Passings refused before ingest (unknown location, bad time), by index in the batch. */
  unmapped: { index: number; message: string }[];
}

export class TimingIngest {
  /** Told of every device set-up change (the decoder connectors follow it). */
  onConfigure: (device: Device, timing: DeviceTiming) => void = () => {};

  constructor(
    private ingest: IngestService,
    private runtime: EventRuntime,
    private timing: TimingDevices,
  ) {}

  hasEvent(eventId: string): boolean {
    return this.runtime.has(eventId);
  }

  /** The timing point of a device's location: its mapping, else a timing point of that id. */
  pointFor(eventId: string, timing: DeviceTiming, location: string): string | null {
    const mapped = timing.locations[location] ?? timing.locations[location.split(':')[0]];
    if (mapped) return mapped;
    if (this.runtime.isKnownPoint(eventId, location)) return location;
    const lower = location.toLowerCase();
    return this.runtime.isKnownPoint(eventId, lower) ? lower : null;
  }

  /**
   * A stream's or a decoder link's passings: resolves once they are stored (on a synchronous
   * standby too), so the link answers, reads on or moves its fetch cursor only then.
   */
  async storePassings(device: Device, passings: readonly RawPassing[], now: number): Promise<PassingsResult> {
    const { reads, indexOf, unmapped } = this.mapPassings(device, passings);
    const result = reads.length > 0 ? await this.ingest.ingestConfirmed(device.eventId, device, reads, now) : noReads();
    return { ...result, rejected: result.rejected.map((r) => ({ ...r, index: indexOf[r.index] })), unmapped };
  }

  /** A backfill's passings, stored at once inside its audit's transaction; `settled` waits for the standby afterwards. */
  storePassingsNow(device: Device, passings: readonly RawPassing[], now: number): PassingsResult {
    const { reads, indexOf, unmapped } = this.mapPassings(device, passings);
    const result = reads.length > 0 ? this.ingest.ingest(device.eventId, device, reads, now) : noReads();
    return { ...result, rejected: result.rejected.map((r) => ({ ...r, index: indexOf[r.index] })), unmapped };
  }

  /** Resolves once a synchronous standby has every read stored so far. */
  settled(): Promise<void> {
    return this.ingest.settled();
  }

  private mapPassings(device: Device, passings: readonly RawPassing[]): { reads: ReadInput[]; indexOf: number[]; unmapped: PassingsResult['unmapped'] } {
    const setup = this.runtime.setup(device.eventId);
    if (!setup) throw new Error(`event ${device.eventId} is not loaded`);
    const { date, timeZone } = setup;
    const timing = this.timing.get(device.id);
    const unmapped: PassingsResult['unmapped'] = [];
    const reads: ReadInput[] = [];
    const indexOf: number[] = [];
    passings.forEach((p, index) => {
      const point = this.pointFor(device.eventId, timing, p.location);
      if (!point) return unmapped.push({ index, message: `location "${p.location}" is mapped to no timing point` });
      const time = equipmentTimeToEpoch(p.time, date, timeZone);
      if (time === null) return unmapped.push({ index, message: 'time is not a valid date and time' });
      reads.push({ point, ...(p.bib !== undefined ? { bib: p.bib } : { chip: p.chip }), time, ...(p.readId !== undefined ? { readId: p.readId } : {}) });
      indexOf.push(index);
    });
    return { reads, indexOf, unmapped };
  }

  /** Set a device's locations and clock offset; the offset re-times its reads at once. */
  configure(device: Device, timing: DeviceTiming, now: number): void {
    this.timing.save(device.eventId, device.id, timing, now);
    this.onConfigure(device, timing);
    this.runtime.setDeviceTiming(device.eventId, device.id, { clockOffsetMs: timing.clockOffsetMs, backup: timing.backup });
  }

  /** Apply stored clock offsets to freshly loaded engines. */
  restoreOffsets(): void {
    for (const { eventId, deviceId, offsetMs } of this.timing.offsets()) this.runtime.setDeviceTiming(eventId, deviceId, { clockOffsetMs: offsetMs });
    for (const { eventId, deviceId } of this.timing.backups()) this.runtime.setDeviceTiming(eventId, deviceId, { backup: true });
  }
}

function noReads(): IngestResult {
  return { accepted: 0, duplicates: 0, rejected: [], unmatched: 0 };
}
