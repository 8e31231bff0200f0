// What the timing endpoints do, whatever carries them, shared by the device-token routes and the organizer routes:
// a device's set-up (locations, clock offset), CSV backfill and GPS tracker registration.
import { z } from 'zod';
import { parseReadTime } from '../../shared/reads';
import type { EventRuntime } from '../live/event-runtime';
import type { AuditLog, NewAuditEntry } from '../storage/audit-log';
import type { Db } from '../storage/database';
import type { Device, DeviceTokens } from '../storage/device-tokens';
import { decoderAddressSchema, deviceTimingSchema, type DeviceTiming, type TimingDevices } from '../storage/timing-devices';
import { runBackfill, type BackfillReport } from './backfill-service';
import type { DecoderNetworks } from './decoder-networks';
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
    /** A backup device: its reads never override a main device's read of the runner at the same point. */
    backup: z.boolean().optional(),
  })
  .strict()
  .refine((b) => !(b.clockOffsetMs !== undefined && b.reference), 'give clockOffsetMs or reference, not both');

const trackerSchema = z.object({ bib: z.string().min(1).max(16) }).strict();

export interface TimingHandlerDeps {
  devices: DeviceTokens;
  /** Where decoder links may point. */
  decoderNetworks: DecoderNetworks;
  timingDevices: TimingDevices;
  timing: TimingIngest;
  runtime: EventRuntime;
  now: () => number;
  db: Db;
  audit: AuditLog;
  /** Told after an audited change is committed (the organizer socket tells the consoles). */
  onAudit?: (entry: NewAuditEntry) => void;
}

/** Who made a timing change: an organizer with their session, or a device with its token. */
export interface TimingActor {
  organizerId: string | null;
  actor: string;
}
export const deviceActor = (device: Device): TimingActor => ({ organizerId: null, actor: `device:${device.name}` });

type AuditFields = Pick<NewAuditEntry, 'action' | 'target' | 'before' | 'after'>;

/** Make a change and write its audit entry in one transaction: both are stored, or neither. */
function audited<T>(deps: TimingHandlerDeps, eventId: string, by: TimingActor, change: () => T, describe: (result: T) => AuditFields): T {
  let entry: NewAuditEntry | null = null;
  const result = deps.db.transaction(() => {
    const done = change();
    entry = { eventId, ...by, at: deps.now(), reason: null, ...describe(done) };
    deps.audit.append(entry);
    return done;
  })();
  if (entry) deps.onAudit?.(entry);
  return result;
}

/** The event's set-up, or a 404 when this server has no such event. */
export function loadedEvent(runtime: EventRuntime, eventId: string) {
  const setup = runtime.setup(eventId);
  if (!setup) throw new NotFound(`no event "${eventId}"`);
  return setup;
}

/** `mayConnect`: whether the caller may point Splitcast at a decoder's address (admins only). */
export async function configureDevice(deps: TimingHandlerDeps, device: Device, body: unknown, by: TimingActor, mayConnect = false): Promise<{ before: DeviceTiming; after: DeviceTiming }> {
  const parsed = deviceSetupSchema.safeParse(body);
  if (!parsed.success) throw Invalid.fromZod(parsed.error);
  if (parsed.data.connect !== undefined && !mayConnect) throw new Forbidden('connect: only an admin may set the address of a decoder to connect to');
  if (parsed.data.connect) {
    const target = await deps.decoderNetworks.resolve(parsed.data.connect.host, parsed.data.connect.port);
    if ('refused' in target) throw new Invalid('connect', target.refused);
  }
  const before = deps.timingDevices.get(device.id);
  let clockOffsetMs = parsed.data.clockOffsetMs ?? before.clockOffsetMs;
  if (parsed.data.reference) {
    const deviceTime = parseReadTime(parsed.data.reference.deviceTime);
    const trueTime = parseReadTime(parsed.data.reference.trueTime);
    if (deviceTime === null || trueTime === null) throw new Invalid('reference', 'deviceTime and trueTime must be epoch ms or ISO-8601 times');
    clockOffsetMs = trueTime - deviceTime;
  }
  loadedEvent(deps.runtime, device.eventId);
  const locations = parsed.data.locations ?? before.locations;
  for (const [location, point] of Object.entries(locations)) {
    if (!deps.runtime.isKnownPoint(device.eventId, point)) throw new Invalid(`locations.${location}`, `unknown timing point "${point}"`);
  }
  const connect = parsed.data.connect === undefined ? before.connect : parsed.data.connect;
  const after = deviceTimingSchema.safeParse({ locations, clockOffsetMs, connect, backup: parsed.data.backup ?? before.backup });
  if (!after.success) throw Invalid.fromZod(after.error);
  const next = after.data;
  audited(deps, device.eventId, by, () => deps.timing.configure(device, next, deps.now()), () => ({ action: 'timing.device', target: device.name, before, after: next }));
  return { before, after: next };
}

/** Answered once a synchronous standby has the file's reads too. */
export async function backfill(deps: TimingHandlerDeps, uploader: Device, csv: string, by: TimingActor): Promise<BackfillReport> {
  loadedEvent(deps.runtime, uploader.eventId);
  const report = audited(
    deps,
    uploader.eventId,
    by,
    () => runBackfill(csv, uploader, { timing: deps.timing, runtime: deps.runtime, devices: deps.devices, now: deps.now() }),
    (report) => ({
      action: 'timing.backfill',
      target: uploader.name,
      before: null,
      after: { rows: report.rows, accepted: report.accepted, duplicates: report.duplicates, rejected: report.rejected.length, bibs: report.runners.map((r) => r.bib) },
    }),
  );
  await deps.timing.settled();
  return report;
}

export interface TrackerRegistration {
  trackerId: string;
  bib: string;
  /** The tracker's secret, shown once: it goes in the tracker's server address. */
  key: string;
  /** The path and query to give OsmAnd as its online-tracking address (after this server's origin). */
  osmandPath: string;
}

export function registerTracker(deps: TimingHandlerDeps, eventId: string, trackerId: string, body: unknown, by: TimingActor): TrackerRegistration {
  const parsed = trackerSchema.safeParse(body);
  if (!parsed.success) throw Invalid.fromZod(parsed.error);
  if (trackerId.length > 64) throw new Invalid('trackerId', 'must be at most 64 characters');
  if (loadedEvent(deps.runtime, eventId) && !deps.runtime.entrant(eventId, parsed.data.bib)) throw new Invalid('bib', `no entrant with bib ${parsed.data.bib}`);
  const { bib } = parsed.data;
  const key = audited(deps, eventId, by, () => deps.timingDevices.setTracker(eventId, trackerId, bib, deps.now()), () => ({ action: 'timing.tracker', target: bib, before: null, after: { trackerId, bib } }));
  const query = `id=${encodeURIComponent(trackerId)}&key=${key}&lat={0}&lon={1}&timestamp={2}&speed={5}`;
  return { trackerId, bib: parsed.data.bib, key, osmandPath: `/api/events/${encodeURIComponent(eventId)}/osmand?${query}` };
}

export const backfillStatus = (report: BackfillReport) => (report.accepted > 0 || report.rejected.length === 0 ? 200 : 422);
