// POST /api/internal/replication — a standby sends where its copy stands and gets what it lacks
// (server/cluster/replication.ts), and the leader's engine snapshots (server/cluster/snapshot-copies.ts).
// Behind the cluster token, answered only by the leader.
import { createReadStream } from 'node:fs';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { formatZodError } from '../../shared/zod-format';
import { APPEND_ONLY, WHOLE_TABLES, type CopyPosition, type ReplicationBatch } from '../cluster/replication';
import { HttpError } from './errors';

const positionSchema = z.object({
  after: z.object(Object.fromEntries(Object.keys(APPEND_ONLY).map((t) => [t, z.number().int().nonnegative()])) as Record<keyof typeof APPEND_ONLY, z.ZodNumber>),
  versions: z.object(Object.fromEntries(WHOLE_TABLES.map((t) => [t, z.string().max(64).optional()]))).strict(),
});

export function replicationHandlers(replicate: (position: CopyPosition) => Promise<ReplicationBatch>, snapshotFile: (eventId: string) => string) {
  return {
    /** GET /api/internal/replication/snapshots/:eventId — an engine snapshot's bytes, for the standby's copy. */
    snapshot: ((req, res, next) => {
      const file = createReadStream(snapshotFile(String(req.params.eventId)));
      file.once('error', (err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? next(new HttpError(404, 'no snapshot of this event')) : next(err)));
      file.once('open', () => {
        res.type('application/octet-stream');
        file.pipe(res);
      });
    }) as RequestHandler,
    changes: (async (req, res) => {
      const position = positionSchema.safeParse(req.body);
      if (!position.success) throw new HttpError(400, formatZodError(position.error));
      res.json(await replicate(position.data as CopyPosition));
    }) as RequestHandler,
  };
}
