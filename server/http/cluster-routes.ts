// The primary's state for replicas: the full event state, behind the shared cluster token.
import { timingSafeEqual } from 'node:crypto';
import { Router, type Request } from 'express';
import type { EventRuntime } from '../live/event-runtime';
import { bearerToken } from './device-auth';
import { HttpError } from './errors';

export function clusterRoutes(runtime: EventRuntime, clusterToken: string): Router {
  const router = Router();
  const expected = Buffer.from(clusterToken);
  router.use('/api/internal', (req, _res, next) => {
    const given = Buffer.from(bearerToken(req.get('authorization')) ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new HttpError(401, 'cluster token required');
    next();
  });
  router.get('/api/internal/events', (_req, res) => {
    res.json(runtime.eventIds());
  });
  router.get('/api/internal/events/:eventId/state', (req: Request<{ eventId: string }>, res) => {
    const state = runtime.state(req.params.eventId);
    if (!state) throw new HttpError(404, `no event "${req.params.eventId}"`);
    res.json(state);
  });
  return router;
}
