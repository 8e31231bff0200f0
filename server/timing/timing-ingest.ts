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

  storePassings(device: Device, passings: readonly RawPassing[], now: number): PassingsResult {
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
    const result = reads.length > 0 ? this.ingest.ingest(device.eventId, device, reads, now) : { accepted: 0, duplicates: 0, rejected: [], unmatched: 0 };
    return { ...result, rejected: result.rejected.map((r) => ({ ...r, index: indexOf[r.index] })), unmapped };
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
