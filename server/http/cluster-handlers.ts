// The primary's state for replicas: the full event state, behind the shared cluster token.
import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { NotFound } from '../domain/errors';
import type { EventRuntime } from '../live/event-runtime';
import { bearerToken } from './device-auth';
import { HttpError } from './errors';

export function requireClusterToken(clusterToken: string): RequestHandler {
  const expected = Buffer.from(clusterToken);
  return (req, _res, next) => {
    const given = Buffer.from(bearerToken(req.get('authorization')) ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new HttpError(401, 'cluster token required');
    next();
  };
}

export function clusterHandlers(runtime: EventRuntime) {
  return {
    eventIds: ((_req, res) => {
      res.json(runtime.eventIds());
    }) as RequestHandler,
    eventState: (req: Request<{ eventId: string }>, res) => {
      const state = runtime.state(req.params.eventId);
      if (!state) throw new NotFound(`no event "${req.params.eventId}"`);
      res.json(state);
    },
  } satisfies Record<string, RequestHandler<any>>;
}
