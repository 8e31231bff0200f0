// POST /api/events/:eventId/reads — timing reads from devices.
import { Router, type Request } from 'express';
import { readBatchSchema } from '../../shared/reads';
import type { IngestService } from '../ingest/ingest-service';
import type { DeviceTokens } from '../storage/device-tokens';
import { deviceOf, requireDevice } from './device-auth';
import { formatZodError, HttpError } from './errors';

export function ingestRoutes(ingest: IngestService, devices: DeviceTokens, now: () => number): Router {
  const router = Router();
  router.post('/api/events/:eventId/reads', requireDevice(devices), (req: Request<{ eventId: string }>, res) => {
    if (!req.is('application/json')) throw new HttpError(415, 'send the reads as JSON (Content-Type: application/json)');
    const body = readBatchSchema.safeParse(req.body);
    if (!body.success) throw new HttpError(400, formatZodError(body.error));
    const result = ingest.ingest(req.params.eventId, deviceOf(res.locals), body.data.reads, now());
    res.status(result.accepted > 0 || result.rejected.length === 0 ? 200 : 422).json(result);
  });
  return router;
}
