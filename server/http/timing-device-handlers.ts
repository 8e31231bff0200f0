// Timing equipment over HTTP with a device token: the device's own set-up (locations, clock
// offset), CSV backfill, GPS tracker registration; OsmAnd fixes and the latest GPS positions.
import type { Request, RequestHandler, Response } from 'express';
import { formatZodError } from '../../shared/zod-format';
import type { GpsService } from '../timing/gps/gps-service';
import { osmandCredentialsSchema, osmandFixSchema } from '../timing/gps/osmand';
import { TokenBucket, TRACKER_RULE } from '../limits/token-bucket';
import { backfill, backfillStatus, configureDevice, deviceActor, loadedEvent, registerTracker, type TimingHandlerDeps } from '../timing/timing-setup';
import { deviceOf } from './device-auth';
import { HttpError } from './errors';

export interface TimingDeviceDeps extends TimingHandlerDeps {
  gps: GpsService;
  /** Counts of the TCP listener, when it runs. */
  listenerCounts?: () => object;
}

type EventReq = Request<{ eventId: string }>;

/** A CSV body, as express.text leaves it; anything else was sent with another content type. */
export function csvBody(req: Request): string {
  if (typeof req.body !== 'string') throw new HttpError(415, 'send the reads as CSV (Content-Type: text/csv)');
  return req.body;
}

export function timingDeviceHandlers(deps: TimingDeviceDeps) {
  const buckets = new Map<string, TokenBucket>();
  // OsmAnd clients send GET or POST with the fix in the query string (or a form body): first the
  // tracker's id and key (one answer for every wrong pair), then its rate, then the fix itself.
  const osmand = (req: EventReq, res: Response) => {
    loadedEvent(deps.runtime, req.params.eventId);
    const raw = { ...(typeof req.body === 'object' && req.body ? req.body : {}), ...req.query };
    const credentials = osmandCredentialsSchema.safeParse(raw);
    const bib = credentials.success ? deps.gps.authenticate(req.params.eventId, credentials.data.trackerId, credentials.data.key) : undefined;
    if (!credentials.success || bib === undefined) throw new HttpError(401, 'unknown tracker or wrong key: register the tracker and use the address it was given');
    const who = `${req.params.eventId}\n${credentials.data.trackerId}`;
    let bucket = buckets.get(who);
    if (!bucket) buckets.set(who, (bucket = new TokenBucket(TRACKER_RULE, deps.now)));
    if (bucket.take() !== 'allowed') throw new HttpError(429, 'too many fixes from this tracker: at most one a second', { 'Retry-After': '1' });
    const fix = osmandFixSchema.safeParse(raw);
    if (!fix.success) throw new HttpError(400, formatZodError(fix.error));
    const outcome = deps.gps.fix(req.params.eventId, bib, fix.data);
    if (outcome.kind === 'refused') throw new HttpError(400, outcome.reason);
    res.status(200).json(outcome.kind === 'ignored' ? { published: false, reason: outcome.reason } : { published: outcome.kind === 'published' });
  };

  return {
    device: ((_req, res) => {
      const d = deviceOf(res.locals);
      res.json({ device: { id: d.id, name: d.name }, ...deps.timingDevices.get(d.id), listener: deps.listenerCounts?.() ?? null });
    }) as RequestHandler,

    configureDevice: (async (req, res) => {
      const d = deviceOf(res.locals);
      res.json({ device: { id: d.id, name: d.name }, ...(await configureDevice(deps, d, req.body, deviceActor(d))).after });
    }) as RequestHandler,

    backfill: (async (req, res) => {
      const d = deviceOf(res.locals);
      const report = await backfill(deps, d, csvBody(req), deviceActor(d));
      res.status(backfillStatus(report)).json(report);
    }) as RequestHandler,

    registerTracker: (req: Request<{ eventId: string; trackerId: string }>, res) => {
      res.json(registerTracker(deps, req.params.eventId, req.params.trackerId, req.body, deviceActor(deviceOf(res.locals))));
    },

    osmand,

    positions: (req: EventReq, res) => {
      loadedEvent(deps.runtime, req.params.eventId);
      const raceId = typeof req.query.raceId === 'string' ? req.query.raceId : undefined;
      res.json({ positions: deps.gps.positions(req.params.eventId, raceId) });
    },
  } satisfies Record<string, RequestHandler<any>>;
}
