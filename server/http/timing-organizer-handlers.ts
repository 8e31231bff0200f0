// The same timing set-up for a logged-in organizer (session cookie), for any device of the event:
// clock offsets and location mappings, CSV backfill and GPS trackers, each written to the audit log.
// Writes are JSON, or text/csv for a backfill: neither can come from a cross-site form.
import type { Request, RequestHandler, Response } from 'express';
import type { OrganizerAnswers } from '../../shared/organizer-api';
import { NotFound } from '../domain/errors';
import type { Device } from '../storage/device-tokens';
import type { OrganizerContext } from '../organizer/organizer-context';
import { actorOf } from '../organizer/organizer-context';
import type { RaceResultConnectors } from '../timing/race-result-connector';
import { backfill, backfillStatus, configureDevice, registerTracker, type TimingHandlerDeps } from '../timing/timing-setup';
import { organizerOf } from './organizer-auth';
import { HttpError } from './errors';

/** Reads uploaded by an organizer without a device column belong to this device of the event. */
export const ORGANIZER_BACKFILL_DEVICE = 'organizer backfill';

type EventReq = Request<{ eventId: string }>;

export function timingOrganizerHandlers(timingDeps: TimingHandlerDeps, ctx: OrganizerContext, connectors: RaceResultConnectors) {
  const deps: TimingHandlerDeps = { ...timingDeps, onAudit: ctx.onAudit };
  const by = (res: Response) => actorOf(organizerOf(res));
  const deviceOfEvent = (eventId: string, deviceId: string): Device => {
    const device = deps.devices.list(eventId).find((d) => d.id === deviceId && d.revokedAt === null);
    if (!device) throw new NotFound(`no device "${deviceId}" in event "${eventId}"`);
    return device;
  };

  return {
    devices: (req: EventReq, res) => {
      const devices = deps.devices.list(req.params.eventId).filter((d) => d.revokedAt === null);
      const body: OrganizerAnswers['timingDevices'] = {
        devices: devices.map((d) => ({ id: d.id, name: d.name, lastSeenAt: d.lastSeenAt, ...deps.timingDevices.get(d.id), link: connectors.state(d.id) })),
      };
      res.json(body);
    },

    configureDevice: async (req: Request<{ eventId: string; deviceId: string }>, res) => {
      const device = deviceOfEvent(req.params.eventId, req.params.deviceId);
      const { after } = await configureDevice(deps, device, req.body, by(res), organizerOf(res).role === 'admin');
      res.json({ device: { id: device.id, name: device.name }, ...after });
    },

    backfill: async (req: EventReq, res: Response) => {
      if (!req.is('text/csv')) throw new HttpError(415, 'send the reads as CSV (Content-Type: text/csv)');
      const { eventId } = req.params;
      const uploader =
        deps.devices.list(eventId).find((d) => d.name === ORGANIZER_BACKFILL_DEVICE && d.revokedAt === null) ??
        deps.devices.create(eventId, ORGANIZER_BACKFILL_DEVICE, deps.now()).device;
      const report = await backfill(deps, uploader, req.body as string, by(res));
      res.status(backfillStatus(report)).json(report);
    },

    registerTracker: (req: Request<{ eventId: string; trackerId: string }>, res) => {
      const result = registerTracker(deps, req.params.eventId, req.params.trackerId, req.body, by(res));
      res.json(result);
    },
  } satisfies Record<string, RequestHandler<any>>;
}
