// POST /api/events/:eventId/reads — timing reads from devices.
import type { Request, RequestHandler } from 'express';
import { readBatchSchema } from '../../shared/reads';
import { readBatchOrNull } from '../../shared/read-fast-path';
import { formatZodError } from '../../shared/zod-format';
import type { IngestService } from '../ingest/ingest-service';
import { deviceOf } from './device-auth';
import { HttpError } from './errors';

export function ingestHandlers(ingest: IngestService, now: () => number) {
  return {
    postReads: async (req: Request<{ eventId: string }>, res) => {
      if (!req.is('application/json')) throw new HttpError(415, 'send the reads as JSON (Content-Type: application/json)');
      let reads = readBatchOrNull(req.body);
      if (reads === null) {
        const body = readBatchSchema.safeParse(req.body);
        if (!body.success) throw new HttpError(400, formatZodError(body.error));
        reads = body.data.reads;
      }
      const result = await ingest.ingestAsync(req.params.eventId, deviceOf(res.locals), reads, now());
      res.status(result.accepted > 0 || result.rejected.length === 0 ? 200 : 422).json(result);
    },
  } satisfies Record<string, RequestHandler<any>>;
}

/** A replica stores nothing: reads go to the primary. */
export const replicaRefusesReads: RequestHandler = () => {
  throw new HttpError(421, 'this instance is a replica: send reads to the primary');
};
