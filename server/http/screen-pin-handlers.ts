// The announcer's pin over HTTP, on the primary: an organizer who may manage the event puts a
// runner on the stadium screen, or takes the pin down. Spectators have no session, so no pin.
import type { Request, RequestHandler } from 'express';
import { screenPinRequestSchema } from '../../shared/screen-pin';
import { Invalid, NotFound } from '../domain/errors';
import type { LiveHub } from '../live/live-hub';
import { publicRow } from '../live/public-view';
import type { ScreenPins } from '../live/screen-pins';
import { bodyOf } from './organizer-auth';

type EventReq = Request<{ eventId: string }>;

export function screenPinHandlers(hub: LiveHub, pins: ScreenPins) {
  return {
    pin: (req: EventReq, res) => {
      const { bib, seconds } = bodyOf(screenPinRequestSchema, req.body);
      const mirror = hub.mirror(req.params.eventId);
      if (!mirror) throw new NotFound(`no event "${req.params.eventId}"`);
      const runner = mirror.runner(bib);
      if (!runner) throw new NotFound(`no runner with bib ${bib}`);
      // A private entrant is never shown by name, so never pinned.
      if (runner.private) throw new Invalid('bib', `${bib} is a private entrant and cannot be shown`, true);
      res.status(201).json({ pin: pins.pin(req.params.eventId, publicRow(runner), seconds) });
    },

    unpin: (req: EventReq, res) => {
      pins.unpin(req.params.eventId);
      res.json({ ok: true });
    },
  } satisfies Record<string, RequestHandler<any>>;
}
