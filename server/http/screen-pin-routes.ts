// The announcer's pin over HTTP, on the primary: an organizer who may manage the event puts a
// runner on the stadium screen, or takes the pin down. Spectators have no session, so no pin.
import cookieParser from 'cookie-parser';
import { Router, type Request } from 'express';
import { screenPinRequestSchema } from '../../shared/screen-pin';
import type { LiveHub } from '../live/live-hub';
import { publicRow } from '../live/public-view';
import type { ScreenPins } from '../live/screen-pins';
import type { OrganizerContext } from '../organizer/organizer-context';
import { HttpError } from './errors';
import { bodyOf, requireEventAccess, requireJsonWrites, requireOrganizer } from './organizer-auth';

type EventParams = { eventId: string };

export function screenPinRoutes(ctx: OrganizerContext, hub: LiveHub, pins: ScreenPins): Router {
  const router = Router();
  const path = '/api/organizer/events/:eventId/screen-pin';
  const guard = [cookieParser(), requireOrganizer(ctx), requireEventAccess, requireJsonWrites];

  router.post(path, ...guard, (req: Request<EventParams>, res) => {
    const { bib, seconds } = bodyOf(screenPinRequestSchema, req.body);
    const mirror = hub.mirror(req.params.eventId);
    if (!mirror) throw new HttpError(404, `no event "${req.params.eventId}"`);
    const runner = mirror.runner(bib);
    if (!runner) throw new HttpError(404, `no runner with bib ${bib}`);
    // A private entrant is never shown by name, so never pinned.
    if (runner.private) throw new HttpError(422, `bib ${bib} is a private entrant and cannot be shown`);
    res.status(201).json({ pin: pins.pin(req.params.eventId, publicRow(runner), seconds) });
  });

  router.delete(path, ...guard, (req: Request<EventParams>, res) => {
    pins.unpin(req.params.eventId);
    res.json({ ok: true });
  });

  return router;
}
