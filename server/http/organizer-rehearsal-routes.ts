// Rehearsals from the console: create one from a results file (text/csv body) or from an existing
// event, then play at ×N, pause, resume (play again) and stop. Writes are JSON or text/csv: neither
// can come from a cross-site form.
import express, { Router, type Request, type Response } from 'express';
import { rehearsalFromEventSchema, rehearsalFromResultsQuery, rehearsalPlaySchema } from '../../shared/rehearsal';
import { idSchema } from '../../shared/domain';
import { mayManage } from '../organizer/accounts';
import type { OrganizerContext } from '../organizer/organizer-context';
import { fromEvent, fromResultsFile, RehearsalSourceError } from '../rehearsal/rehearsal-source';
import { RehearsalError, type Rehearsals } from '../rehearsal/rehearsal-service';
import { bodyOf, organizerOf, requireAdmin, requireEventAccess, requireJsonWrites, requireOrganizer } from './organizer-auth';

type EventParams = { eventId: string };

/** The ingest of this very instance, over the connection the console used. */
function ingestUrlOf(req: Request): string {
  const address = req.socket.localAddress ?? '127.0.0.1';
  const host = address.startsWith('::ffff:') ? address.slice(7) : address.includes(':') ? `[${address}]` : address;
  return `http://${host}:${req.socket.localPort}`;
}

export function organizerRehearsalRoutes(ctx: OrganizerContext, rehearsals: Rehearsals): Router {
  const router = Router();
  const base = '/api/organizer/rehearsals/:eventId';
  const guard = [requireOrganizer(ctx), requireEventAccess];

  const answer = (res: Response, fn: () => unknown, status = 200) => {
    try {
      res.status(status).json(fn());
    } catch (err) {
      if (err instanceof RehearsalError) res.status(err.kind === 'not-found' ? 404 : 409).json({ error: err.message });
      else if (err instanceof RehearsalSourceError) res.status(422).json({ error: err.message });
      else throw err;
    }
  };
  const newId = (req: Request<EventParams>, res: Response): string | null => {
    const id = idSchema.safeParse(req.params.eventId);
    if (id.success) return id.data;
    res.status(400).json({ error: `event id: ${id.error.issues[0]?.message}` });
    return null;
  };

  router.post(`${base}/from-results`, requireOrganizer(ctx), requireAdmin, express.text({ type: 'text/csv', limit: '20mb' }), (req: Request<EventParams>, res) => {
    if (!req.is('text/csv') || typeof req.body !== 'string') return void res.status(415).json({ error: 'send the results file as CSV (Content-Type: text/csv)' });
    const eventId = newId(req, res);
    if (!eventId) return;
    const query = bodyOf(rehearsalFromResultsQuery, req.query);
    answer(res, () => rehearsals.create(organizerOf(res), fromResultsFile(req.body, { eventId, name: query.name, sample: query.sample, today: ctx.now() })), 201);
  });

  router.post(`${base}/from-event`, requireOrganizer(ctx), requireAdmin, requireJsonWrites, (req: Request<EventParams>, res) => {
    const eventId = newId(req, res);
    if (!eventId) return;
    const body = bodyOf(rehearsalFromEventSchema, req.body);
    const source = ctx.runtime.engine(body.sourceEventId);
    if (!source || !mayManage(organizerOf(res), body.sourceEventId)) return void res.status(404).json({ error: `no event "${body.sourceEventId}" to rehearse` });
    answer(res, () => rehearsals.create(organizerOf(res), fromEvent(source, { eventId, name: body.name })), 201);
  });

  router.get(base, ...guard, (req: Request<EventParams>, res) => answer(res, () => rehearsals.status(req.params.eventId)));

  router.post(`${base}/play`, ...guard, requireJsonWrites, (req: Request<EventParams>, res) => {
    const { speed } = bodyOf(rehearsalPlaySchema, req.body);
    answer(res, () => rehearsals.play(organizerOf(res), req.params.eventId, speed, ingestUrlOf(req)));
  });

  router.post(`${base}/pause`, ...guard, requireJsonWrites, (req: Request<EventParams>, res) => answer(res, () => rehearsals.pause(organizerOf(res), req.params.eventId)));

  router.post(`${base}/stop`, ...guard, requireJsonWrites, (req: Request<EventParams>, res) => answer(res, () => rehearsals.stop(organizerOf(res), req.params.eventId)));

  return router;
}
