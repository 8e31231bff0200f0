// Event set-up from the console: events, races, course files, timing points, loops, entrants.
import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import { lonLatSchema } from '../../shared/domain';
import { courseFileSchema, entrantImportSchema, loopUpdateSchema, newEventSchema, raceSpecSchema, timingPointInputSchema } from '../../shared/organizer';
import type { OrganizerAnswers } from '../../shared/organizer-api';
import { mayManage } from '../organizer/accounts';
import { importEntrants, previewEntrants } from '../organizer/entrant-import';
import { addRace, addTimingPoint, courseFromFile, createEvent, removeTimingPoint, setCourse, setLoop, snapPoint, timingPointRemoval } from '../organizer/event-setup';
import type { OrganizerContext } from '../organizer/organizer-context';
import { currentSetup } from '../organizer/setup-change';
import { bodyOf, organizerOf } from './organizer-auth';

type EventReq = Request<{ eventId: string }>;
type RaceReq = Request<{ eventId: string; raceId: string }>;

export function organizerSetupHandlers(ctx: OrganizerContext) {
  return {
    events: ((_req, res) => {
      const organizer = organizerOf(res);
      const events: OrganizerAnswers['events']['events'] = ctx.runtime
        .eventIds()
        .filter((id) => mayManage(organizer, id))
        .map((id) => {
          const setup = ctx.runtime.setup(id)!;
          return { id, name: setup.name, date: setup.date, races: setup.races.map((r) => ({ id: r.id, name: r.name })), entrants: setup.entrants.length, rehearsal: setup.rehearsal ?? false };
        });
      res.json({ events });
    }) as RequestHandler,

    createEvent: ((req, res) => {
      res.status(201).json({ event: createEvent(ctx, organizerOf(res), bodyOf(newEventSchema, req.body)) });
    }) as RequestHandler,

    /** The whole set-up, entrants included (private ones with their names: organizers see them). */
    setup: (req: EventReq, res) => {
      res.json(currentSetup(ctx, req.params.eventId));
    },

    /** Check a course file without changing anything: its line and length. */
    previewCourse: ((req, res) => {
      res.json(courseFromFile(bodyOf(courseFileSchema, req.body).text));
    }) as RequestHandler,

    addRace: (req: EventReq, res) => {
      res.status(201).json({ race: addRace(ctx, organizerOf(res), req.params.eventId, bodyOf(raceSpecSchema, req.body)) });
    },

    setCourse: (req: RaceReq, res) => {
      res.json({ race: setCourse(ctx, organizerOf(res), req.params.eventId, req.params.raceId, bodyOf(courseFileSchema, req.body).text) });
    },

    snap: (req: RaceReq, res) => {
      const { position } = bodyOf(z.object({ position: lonLatSchema }).strict(), req.body);
      res.json(snapPoint(ctx, req.params.eventId, req.params.raceId, position));
    },

    addTimingPoint: (req: RaceReq, res) => {
      res.status(201).json({ race: addTimingPoint(ctx, organizerOf(res), req.params.eventId, req.params.raceId, bodyOf(timingPointInputSchema, req.body)) });
    },

    /** What removing a mat would change (runners with a split there); changes nothing. */
    timingPointRemoval: (req: Request<{ eventId: string; raceId: string; pointId: string }>, res) => {
      res.json(timingPointRemoval(ctx, req.params.eventId, req.params.raceId, req.params.pointId) satisfies OrganizerAnswers['timingPointRemoval']);
    },

    removeTimingPoint: (req: Request<{ eventId: string; raceId: string; pointId: string }>, res) => {
      res.json({ race: removeTimingPoint(ctx, organizerOf(res), req.params.eventId, req.params.raceId, req.params.pointId) });
    },

    setLoop: (req: RaceReq, res) => {
      res.json({ race: setLoop(ctx, organizerOf(res), req.params.eventId, req.params.raceId, bodyOf(loopUpdateSchema, req.body)) });
    },

    /** Step one: the headers, a suggested mapping and the problems by line. Changes nothing. */
    previewEntrants: (req: EventReq, res) => {
      res.json(previewEntrants(ctx, req.params.eventId, bodyOf(entrantImportSchema, req.body)));
    },

    /** Step two: the confirmed file, imported whole, or nothing at all (422 with the problems). */
    importEntrants: (req: EventReq, res) => {
      const outcome = importEntrants(ctx, organizerOf(res), req.params.eventId, bodyOf(entrantImportSchema, req.body));
      if (!outcome.ok) res.status(422).json({ error: outcome.error, problems: outcome.problems });
      else res.json({ imported: outcome.imported, total: outcome.total, warnings: outcome.warnings } satisfies OrganizerAnswers['entrantImport']);
    },
  } satisfies Record<string, RequestHandler<any>>;
}
