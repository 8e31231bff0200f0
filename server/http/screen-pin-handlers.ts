// The announcer's pin over HTTP, on the primary: an organizer who may manage the event puts a
// runner on the stadium screen, or takes the pin down. Spectators have no session, so no pin.
// Both are audited: a name on a stadium screen is a public act.
import type { Request, RequestHandler } from 'express';
import { screenPinRequestSchema } from '../../shared/screen-pin';
import { Invalid, NotFound } from '../domain/errors';
import type { LiveHub } from '../live/live-hub';
import { publicRow } from '../live/public-view';
import type { ScreenPins } from '../live/screen-pins';
import { actorOf, type OrganizerContext } from '../organizer/organizer-context';
import { bodyOf, organizerOf } from './organizer-auth';

type EventReq = Request<{ eventId: string }>;

export function screenPinHandlers(hub: LiveHub, pins: ScreenPins, ctx: OrganizerContext) {
  const audit = (req: EventReq, res: Parameters<RequestHandler>[1], change: { action: string; target: string | null; before: unknown; after: unknown }) => {
    const entry = { eventId: req.params.eventId, ...actorOf(organizerOf(res)), at: ctx.now(), reason: null, ...change };
    ctx.audit.append(entry);
    ctx.onAudit(entry);
  };

  return {
    pin: (req: EventReq, res) => {
      const { bib, seconds } = bodyOf(screenPinRequestSchema, req.body);
      const mirror = hub.mirror(req.params.eventId);
      if (!mirror) throw new NotFound(`no event "${req.params.eventId}"`);
      const runner = mirror.runner(bib);
      if (!runner) throw new NotFound(`no runner with bib ${bib}`);
      // A private entrant is never shown by name, so never pinned.
      if (runner.private) throw new Invalid('bib', `${bib} is a private entrant and cannot be shown`, true);
      const before = pins.notice(req.params.eventId).pin;
      const pin = pins.pin(req.params.eventId, { ...publicRow(runner), places: mirror.placesOf(runner.raceId, bib) ?? null }, seconds);
      audit(req, res, { action: 'screen.pin', target: bib, before: before ? { bib: before.runner.bib } : null, after: { bib, seconds, until: pin.until } });
      res.status(201).json({ pin });
    },

    unpin: (req: EventReq, res) => {
      const before = pins.notice(req.params.eventId).pin;
      pins.unpin(req.params.eventId);
      audit(req, res, { action: 'screen.unpin', target: before?.runner.bib ?? null, before: before ? { bib: before.runner.bib, until: before.until } : null, after: null });
      res.json({ ok: true });
    },
  } satisfies Record<string, RequestHandler<any>>;
}
