// Timing equipment over HTTP: a device's own set-up (locations, clock offset), CSV backfill,
// GPS tracker registration, OsmAnd fixes and the latest GPS positions.
import express, { Router, type Request } from 'express';
import { z } from 'zod';
import { parseReadTime } from '../../shared/reads';
import type { EventRuntime } from '../live/event-runtime';
import type { DeviceTokens } from '../storage/device-tokens';
import { deviceTimingSchema, type TimingDevices } from '../storage/timing-devices';
import { runBackfill } from '../timing/backfill-service';
import type { GpsService } from '../timing/gps/gps-service';
import { osmandFixSchema } from '../timing/gps/osmand';
import type { TimingIngest } from '../timing/timing-ingest';
import { deviceOf, requireDevice } from './device-auth';
import { formatZodError, HttpError } from './errors';

const timeSchema = z.union([z.number().int().min(0), z.string().min(1).max(40)]);

/** Set the offset directly, or measure it: the device read `deviceTime` when the true time was `trueTime`. */
const deviceSetupSchema = z
  .object({
    locations: z.record(z.string().min(1).max(64), z.string().min(1).max(64)).optional(),
    clockOffsetMs: z.number().int().min(-86_400_000).max(86_400_000).optional(),
    reference: z.object({ deviceTime: timeSchema, trueTime: timeSchema }).strict().optional(),
  })
  .strict()
  .refine((b) => !(b.clockOffsetMs !== undefined && b.reference), 'give clockOffsetMs or reference, not both');

const trackerSchema = z.object({ bib: z.string().min(1).max(16) }).strict();

export interface TimingRouteDeps {
  devices: DeviceTokens;
  timingDevices: TimingDevices;
  timing: TimingIngest;
  runtime: EventRuntime;
  gps: GpsService;
  now: () => number;
  /** Counts of the TCP listener, when it runs. */
  listenerCounts?: () => object;
}

export function timingRoutes(deps: TimingRouteDeps): Router {
  const router = Router();
  const device = requireDevice(deps.devices);
  const loaded = (eventId: string) => {
    const engine = deps.runtime.engine(eventId);
    if (!engine) throw new HttpError(404, `no event "${eventId}"`);
    return engine;
  };

  router.get('/api/events/:eventId/timing/device', device, (req: Request<{ eventId: string }>, res) => {
    const d = deviceOf(res.locals);
    res.json({ device: { id: d.id, name: d.name }, ...deps.timingDevices.get(d.id), listener: deps.listenerCounts?.() ?? null });
  });

  router.put('/api/events/:eventId/timing/device', device, express.json({ limit: '64kb' }), (req: Request<{ eventId: string }>, res) => {
    const body = deviceSetupSchema.safeParse(req.body);
    if (!body.success) throw new HttpError(400, formatZodError(body.error));
    const d = deviceOf(res.locals);
    const current = deps.timingDevices.get(d.id);
    let clockOffsetMs = body.data.clockOffsetMs ?? current.clockOffsetMs;
    if (body.data.reference) {
      const deviceTime = parseReadTime(body.data.reference.deviceTime);
      const trueTime = parseReadTime(body.data.reference.trueTime);
      if (deviceTime === null || trueTime === null) throw new HttpError(400, 'reference: deviceTime and trueTime must be epoch ms or ISO-8601 times');
      clockOffsetMs = trueTime - deviceTime;
    }
    const engine = loaded(req.params.eventId);
    const locations = body.data.locations ?? current.locations;
    for (const [location, point] of Object.entries(locations)) {
      if (!engine.isKnownPoint(point)) throw new HttpError(400, `locations.${location}: unknown timing point "${point}"`);
    }
    const next = deviceTimingSchema.safeParse({ locations, clockOffsetMs });
    if (!next.success) throw new HttpError(400, formatZodError(next.error));
    deps.timing.configure(d, next.data, deps.now());
    res.json({ device: { id: d.id, name: d.name }, ...next.data });
  });

  router.post(
    '/api/events/:eventId/timing/backfill',
    device,
    express.text({ type: ['text/csv', 'text/plain'], limit: '20mb' }),
    (req: Request<{ eventId: string }>, res) => {
      if (typeof req.body !== 'string') throw new HttpError(415, 'send the reads as CSV (Content-Type: text/csv)');
      loaded(req.params.eventId);
      const report = runBackfill(req.body, deviceOf(res.locals), { timing: deps.timing, runtime: deps.runtime, devices: deps.devices, now: deps.now() });
      res.status(report.accepted > 0 || report.rejected.length === 0 ? 200 : 422).json(report);
    },
  );

  router.put('/api/events/:eventId/timing/trackers/:trackerId', device, express.json({ limit: '4kb' }), (req: Request<{ eventId: string; trackerId: string }>, res) => {
    const body = trackerSchema.safeParse(req.body);
    if (!body.success) throw new HttpError(400, formatZodError(body.error));
    if (req.params.trackerId.length > 64) throw new HttpError(400, 'trackerId: must be at most 64 characters');
    if (!loaded(req.params.eventId).entrant(body.data.bib)) throw new HttpError(400, `bib: no entrant with bib ${body.data.bib}`);
    deps.timingDevices.setTracker(req.params.eventId, req.params.trackerId, body.data.bib, deps.now());
    res.json({ trackerId: req.params.trackerId, bib: body.data.bib });
  });

  // OsmAnd clients send GET or POST with the fix in the query string (or a form body).
  const osmand = (req: Request<{ eventId: string }>, res: express.Response) => {
    loaded(req.params.eventId);
    const raw = { ...(typeof req.body === 'object' && req.body ? req.body : {}), ...req.query };
    const fix = osmandFixSchema.safeParse(raw);
    if (!fix.success) throw new HttpError(400, formatZodError(fix.error));
    const outcome = deps.gps.fix(req.params.eventId, fix.data);
    if (outcome.kind === 'unknown-tracker') throw new HttpError(403, `tracker "${fix.data.trackerId}" is not registered for this event`);
    res.status(200).json(outcome.kind === 'ignored' ? { published: false, reason: outcome.reason } : { published: outcome.kind === 'published' });
  };
  router.get('/api/events/:eventId/osmand', osmand);
  router.post('/api/events/:eventId/osmand', express.urlencoded({ extended: false, limit: '4kb' }), osmand);

  router.get('/api/events/:eventId/positions', (req: Request<{ eventId: string }>, res) => {
    loaded(req.params.eventId);
    const raceId = typeof req.query.raceId === 'string' ? req.query.raceId : undefined;
    res.json({ positions: deps.gps.positions(req.params.eventId, raceId) });
  });

  return router;
}
