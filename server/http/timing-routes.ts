// Timing equipment over HTTP with a device token: the device's own set-up (locations, clock
// offset), CSV backfill, GPS tracker registration; OsmAnd fixes and the latest GPS positions.
import express, { Router, type Request } from 'express';
import type { GpsService } from '../timing/gps/gps-service';
import { osmandFixSchema } from '../timing/gps/osmand';
import { deviceOf, requireDevice } from './device-auth';
import { formatZodError, HttpError } from './errors';
import { backfill, backfillStatus, configureDevice, loadedEngine, registerTracker, type TimingHandlerDeps } from './timing-handlers';

export interface TimingRouteDeps extends TimingHandlerDeps {
  gps: GpsService;
  /** Counts of the TCP listener, when it runs. */
  listenerCounts?: () => object;
}

export function timingRoutes(deps: TimingRouteDeps): Router {
  const router = Router();
  const device = requireDevice(deps.devices);

  router.get('/api/events/:eventId/timing/device', device, (_req, res) => {
    const d = deviceOf(res.locals);
    res.json({ device: { id: d.id, name: d.name }, ...deps.timingDevices.get(d.id), listener: deps.listenerCounts?.() ?? null });
  });

  router.put('/api/events/:eventId/timing/device', device, express.json({ limit: '64kb' }), (req, res) => {
    const d = deviceOf(res.locals);
    res.json({ device: { id: d.id, name: d.name }, ...configureDevice(deps, d, req.body).after });
  });

  router.post('/api/events/:eventId/timing/backfill', device, express.text({ type: ['text/csv', 'text/plain'], limit: '20mb' }), (req, res) => {
    const report = backfill(deps, deviceOf(res.locals), req.body);
    res.status(backfillStatus(report)).json(report);
  });

  router.put('/api/events/:eventId/timing/trackers/:trackerId', device, express.json({ limit: '4kb' }), (req: Request<{ eventId: string; trackerId: string }>, res) => {
    res.json(registerTracker(deps, req.params.eventId, req.params.trackerId, req.body));
  });

  // OsmAnd clients send GET or POST with the fix in the query string (or a form body).
  const osmand = (req: Request<{ eventId: string }>, res: express.Response) => {
    loadedEngine(deps.runtime, req.params.eventId);
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
    loadedEngine(deps.runtime, req.params.eventId);
    const raceId = typeof req.query.raceId === 'string' ? req.query.raceId : undefined;
    res.json({ positions: deps.gps.positions(req.params.eventId, raceId) });
  });

  return router;
}
