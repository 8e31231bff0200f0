// Rehearsals from the console: create one from a results file (text/csv body) or from an existing
// event, then play at ×N, pause, resume (play again) and stop. Writes are JSON or text/csv: neither
// can come from a cross-site form.
import type { Request, RequestHandler } from 'express';
import { idSchema } from '../../shared/domain';
import { rehearsalFromEventSchema, rehearsalFromResultsQuery, rehearsalPlaySchema } from '../../shared/rehearsal';
import { Invalid, NotFound } from '../domain/errors';
import { mayManage } from '../organizer/accounts';
import type { OrganizerContext } from '../organizer/organizer-context';
import type { Rehearsals } from '../rehearsal/rehearsal-service';
import { fromEvent, fromResultsFile } from '../rehearsal/rehearsal-source';
import { HttpError } from './errors';
import { bodyOf, organizerOf } from './organizer-auth';

type EventReq = Request<{ eventId: string }>;

/** The ingest of this very instance, over the connection the console used. */
function ingestUrlOf(req: Request): string {
  const address = req.socket.localAddress ?? '127.0.0.1';
  const host = address.startsWith('::ffff:') ? address.slice(7) : address.includes(':') ? `[${address}]` : address;
  return `http://${host}:${req.socket.localPort}`;
}

/** The id of the rehearsal event to create. */
function newEventId(req: EventReq): string {
  const id = idSchema.safeParse(req.params.eventId);
  if (!id.success) throw new Invalid('event id', id.error.issues[0]?.message ?? 'invalid');
  return id.data;
}

export function organizerRehearsalHandlers(ctx: OrganizerContext, rehearsals: Rehearsals) {
  return {
    fromResults: (req: EventReq, res) => {
      if (!req.is('text/csv') || typeof req.body !== 'string') throw new HttpError(415, 'send the results file as CSV (Content-Type: text/csv)');
      const eventId = newEventId(req);
      const query = bodyOf(rehearsalFromResultsQuery, req.query);
      res.status(201).json(rehearsals.create(organizerOf(res), fromResultsFile(req.body, { eventId, name: query.name, sample: query.sample, today: ctx.now() })));
    },

    fromEvent: (req: EventReq, res) => {
      const eventId = newEventId(req);
      const body = bodyOf(rehearsalFromEventSchema, req.body);
      const source = ctx.runtime.scoring(body.sourceEventId);
      if (!source || !mayManage(organizerOf(res), body.sourceEventId)) throw new NotFound(`no event "${body.sourceEventId}" to rehearse`);
      res.status(201).json(rehearsals.create(organizerOf(res), fromEvent(source, { eventId, name: body.name })));
    },

    status: (req: EventReq, res) => {
      res.json(rehearsals.status(req.params.eventId));
    },

    play: (req: EventReq, res) => {
      const { speed } = bodyOf(rehearsalPlaySchema, req.body);
      res.json(rehearsals.play(organizerOf(res), req.params.eventId, speed, ingestUrlOf(req)));
    },

    pause: (req: EventReq, res) => {
      res.json(rehearsals.pause(organizerOf(res), req.params.eventId));
    },

    stop: (req: EventReq, res) => {
      res.json(rehearsals.stop(organizerOf(res), req.params.eventId));
    },
  } satisfies Record<string, RequestHandler<any>>;
}
