// What the timing endpoints do, whatever carries them, shared by the device-token routes and the organizer routes:
// a device's set-up (locations, clock offset), CSV backfill and GPS tracker registration.
import { z } from 'zod';
import { parseReadTime } from '../../shared/reads';
import type { EventRuntime } from '../live/event-runtime';
import type { Device, DeviceTokens } from '../storage/device-tokens';
import { decoderAddressSchema, deviceTimingSchema, type DeviceTiming, type TimingDevices } from '../storage/timing-devices';
import { runBackfill, type BackfillReport } from './backfill-service';
import type { TimingIngest } from './timing-ingest';
import { Forbidden, Invalid, NotFound } from '../domain/errors';

const timeSchema = z.union([z.number().int().min(0), z.string().min(1).max(40)]);

/** Set the offset directly, or measure it: the device read `deviceTime` when the true time was `trueTime`. */
const deviceSetupSchema = z
  .object({
    locations: z.record(z.string().min(1).max(64), z.string().min(1).max(64)).optional(),
    clockOffsetMs: z.number().int().min(-86_400_000).max(86_400_000).optional(),
    reference: z.object({ deviceTime: timeSchema, trueTime: timeSchema }).strict().optional(),
    /** A Race Result decoder to connect to, or null to stop. */
    connect: decoderAddressSchema.nullable().optional(),
  })
  .strict()
  .refine((b) => !(b.clockOffsetMs !== undefined && b.reference), 'give clockOffsetMs or reference, not both');

const trackerSchema = z.object({ bib: z.string().min(1).max(16) }).strict();

export interface TimingHandlerDeps {
  devices: DeviceTokens;
  timingDevices: TimingDevices;
  timing: TimingIngest;
  runtime: EventRuntime;
  now: () => number;
}

export function loadedEngine(runtime: EventRuntime, eventId: string) {
  const engine = runtime.engine(eventId);
  if (!engine) throw new NotFound(`no event "${eventId}"`);
  return engine;
}

/** `mayConnect`: whether the caller may point Splitcast at a decoder's address (organizers only). */
export function configureDevice(deps: TimingHandlerDeps, device: Device, body: unknown, mayConnect = false): { before: DeviceTiming; after: DeviceTiming } {
  const parsed = deviceSetupSchema.safeParse(body);
  if (!parsed.success) throw Invalid.fromZod(parsed.error);
  if (parsed.data.connect !== undefined && !mayConnect) throw new Forbidden('connect: only an organizer may set the address of a decoder to connect to');
  const before = deps.timingDevices.get(device.id);
  let clockOffsetMs = parsed.data.clockOffsetMs ?? before.clockOffsetMs;
  if (parsed.data.reference) {
    const deviceTime = parseReadTime(parsed.data.reference.deviceTime);
    const trueTime = parseReadTime(parsed.data.reference.trueTime);
    if (deviceTime === null || trueTime === null) throw new Invalid('reference', 'deviceTime and trueTime must be epoch ms or ISO-8601 times');
    clockOffsetMs = trueTime - deviceTime;
  }
  const engine = loadedEngine(deps.runtime, device.eventId);
  const locations = parsed.data.locations ?? before.locations;
  for (const [location, point] of Object.entries(locations)) {
    if (!engine.isKnownPoint(point)) throw new Invalid(`locations.${location}`, `unknown timing point "${point}"`);
  }
  const connect = parsed.data.connect === undefined ? before.connect : parsed.data.connect;
  const after = deviceTimingSchema.safeParse({ locations, clockOffsetMs, connect });
  if (!after.success) throw Invalid.fromZod(after.error);
  deps.timing.configure(device, after.data, deps.now());
  return { before, after: after.data };
}

export function backfill(deps: TimingHandlerDeps, uploader: Device, csv: string): BackfillReport {
  loadedEngine(deps.runtime, uploader.eventId);
  return runBackfill(csv, uploader, { timing: deps.timing, runtime: deps.runtime, devices: deps.devices, now: deps.now() });
}

export function registerTracker(deps: TimingHandlerDeps, eventId: string, trackerId: string, body: unknown): { trackerId: string; bib: string } {
  const parsed = trackerSchema.safeParse(body);
  if (!parsed.success) throw Invalid.fromZod(parsed.error);
  if (trackerId.length > 64) throw new Invalid('trackerId', 'must be at most 64 characters');
  if (!loadedEngine(deps.runtime, eventId).entrant(parsed.data.bib)) throw new Invalid('bib', `no entrant with bib ${parsed.data.bib}`);
  deps.timingDevices.setTracker(eventId, trackerId, parsed.data.bib, deps.now());
  return { trackerId, bib: parsed.data.bib };
}

export const backfillStatus = (report: BackfillReport) => (report.accepted > 0 || report.rejected.length === 0 ? 200 : 422);
