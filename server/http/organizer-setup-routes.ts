// Event set-up from the console: events, races, course files, timing points, loops, entrants.
import { Router, type Request } from 'express';
import { z } from 'zod';
import { lonLatSchema } from '../../shared/domain';
import { courseFileSchema, entrantImportSchema, loopUpdateSchema, newEventSchema, raceSpecSchema, timingPointInputSchema } from '../../shared/organizer';
import { mayManage } from '../organizer/accounts';
import { importEntrants, previewEntrants } from '../organizer/entrant-import';
import { addRace, addTimingPoint, courseFromFile, createEvent, removeTimingPoint, setCourse, setLoop, snapPoint } from '../organizer/event-setup';
import type { OrganizerContext } from '../organizer/organizer-context';
import { currentSetup } from '../organizer/setup-change';
import { bodyOf, organizerOf, requireAdmin, requireEventAccess, requireJsonWrites, requireOrganizer } from './organizer-auth';

type EventParams = { eventId: string };
type RaceParams = { eventId: string; raceId: string };

export function organizerSetupRoutes(ctx: OrganizerContext): Router {
  const router = Router();
  const guard = [requireOrganizer(ctx), requireEventAccess, requireJsonWrites];

  router.get('/api/organizer/events', requireOrganizer(ctx), (_req, res) => {
    const organizer = organizerOf(res);
    const events = ctx.runtime
      .eventIds()
      .filter((id) => mayManage(organizer, id))
      .map((id) => {
        const setup = ctx.runtime.engine(id)!.event;
        return { id, name: setup.name, date: setup.date, races: setup.races.map((r) => ({ id: r.id, name: r.name })), entrants: setup.entrants.length, rehearsal: setup.rehearsal ?? false };
      });
    res.json({ events });
  });

  router.post('/api/organizer/events', requireOrganizer(ctx), requireAdmin, requireJsonWrites, (req, res) => {
    res.status(201).json({ event: createEvent(ctx, organizerOf(res), bodyOf(newEventSchema, req.body)) });
  });

  /** The whole set-up, entrants included (private ones with their names: organizers see them). */
  router.get('/api/organizer/events/:eventId/setup', ...guard, (req: Request<EventParams>, res) => {
    res.json(currentSetup(ctx, req.params.eventId));
  });

  /** Check a course file without changing anything: its line and length. */
  router.post('/api/organizer/course/preview', requireOrganizer(ctx), requireJsonWrites, (req, res) => {
    res.json(courseFromFile(bodyOf(courseFileSchema, req.body).text));
  });

  router.post('/api/organizer/events/:eventId/races', ...guard, (req: Request<EventParams>, res) => {
    res.status(201).json({ race: addRace(ctx, organizerOf(res), req.params.eventId, bodyOf(raceSpecSchema, req.body)) });
  });

  router.post('/api/organizer/events/:eventId/races/:raceId/course', ...guard, (req: Request<RaceParams>, res) => {
    res.json({ race: setCourse(ctx, organizerOf(res), req.params.eventId, req.params.raceId, bodyOf(courseFileSchema, req.body).text) });
  });

  router.post('/api/organizer/events/:eventId/races/:raceId/snap', ...guard, (req: Request<RaceParams>, res) => {
    const { position } = bodyOf(z.object({ position: lonLatSchema }).strict(), req.body);
    res.json(snapPoint(ctx, req.params.eventId, req.params.raceId, position));
  });

  router.post('/api/organizer/events/:eventId/races/:raceId/timing-points', ...guard, (req: Request<RaceParams>, res) => {
    res.status(201).json({ race: addTimingPoint(ctx, organizerOf(res), req.params.eventId, req.params.raceId, bodyOf(timingPointInputSchema, req.body)) });
  });

  router.delete('/api/organizer/events/:eventId/races/:raceId/timing-points/:pointId', ...guard, (req: Request<RaceParams & { pointId: string }>, res) => {
    res.json({ race: removeTimingPoint(ctx, organizerOf(res), req.params.eventId, req.params.raceId, req.params.pointId) });
  });

  router.put('/api/organizer/events/:eventId/races/:raceId/loop', ...guard, (req: Request<RaceParams>, res) => {
    res.json({ race: setLoop(ctx, organizerOf(res), req.params.eventId, req.params.raceId, bodyOf(loopUpdateSchema, req.body)) });
  });

  /** Step one: the headers, a suggested mapping and the problems by line. Changes nothing. */
  router.post('/api/organizer/events/:eventId/entrants/preview', ...guard, (req: Request<EventParams>, res) => {
    res.json(previewEntrants(ctx, req.params.eventId, bodyOf(entrantImportSchema, req.body)));
  });

  /** Step two: the confirmed file, imported whole, or nothing at all (422 with the problems). */
  router.post('/api/organizer/events/:eventId/entrants/import', ...guard, (req: Request<EventParams>, res) => {
    const outcome = importEntrants(ctx, organizerOf(res), req.params.eventId, bodyOf(entrantImportSchema, req.body));
    if (!outcome.ok) res.status(422).json({ error: outcome.error, problems: outcome.problems });
    else res.json({ imported: outcome.imported, total: outcome.total });
  });

  return router;
}
