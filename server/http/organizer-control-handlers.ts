// Race control, reads, monitoring, the audit log, devices and results export.
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import {
  assignChipSchema,
  auditQuerySchema,
  gunSchema,
  ignoreReadSchema,
  manualSplitSchema,
  monitoringOptionsSchema,
  moveRunnerSchema,
  newDeviceSchema,
  privacySchema,
  reviewSchema,
  statusChangeSchema,
  undoSchema,
} from '../../shared/organizer';
import type { OrganizerAnswers } from '../../shared/organizer-api';
import { formatZodError } from '../../shared/zod-format';
import { Conflict, NotFound } from '../domain/errors';
import { previewUndo, undoChange } from '../organizer/audit-undo';
import { monitoringFor, provisionalCheck } from '../organizer/monitoring-service';
import type { OrganizerContext } from '../organizer/organizer-context';
import { actorOf } from '../organizer/organizer-context';
import { addManualSplit, assignChip, fireGun, ignoreRead, moveRunner, reviewFlags, setPrivacy, setStatus, unmatchedChips } from '../organizer/race-control';
import { resultsCsv } from '../organizer/results-export';
import { currentSetup } from '../organizer/setup-change';
import { HttpError } from './errors';
import { bodyOf, organizerOf } from './organizer-auth';

type EventReq = Request<{ eventId: string }>;
type RaceReq = Request<{ eventId: string; raceId: string }>;
type BibReq = Request<{ eventId: string; bib: string }>;
type AuditReq = Request<{ eventId: string; id: string }>;

function auditIdOf(req: AuditReq): number {
  const id = z.coerce.number().int().positive().safeParse(req.params.id);
  if (!id.success) throw new HttpError(400, `audit entry: "${req.params.id}" is not an entry number`);
  return id.data;
}

export function organizerControlHandlers(ctx: OrganizerContext) {
  const organizer = (res: Response) => organizerOf(res);

  return {
    gun: (req: RaceReq, res) => {
      const answer: OrganizerAnswers['gun'] = fireGun(ctx, organizer(res), req.params.eventId, req.params.raceId, bodyOf(gunSchema, req.body));
      res.json(answer);
    },

    /** What undoing an audited change would do; changes nothing. */
    undoPreview: (req: AuditReq, res) => {
      res.json(previewUndo(ctx, req.params.eventId, auditIdOf(req)) satisfies OrganizerAnswers['undoPreview']);
    },

    undo: (req: AuditReq, res) => {
      const { reason } = bodyOf(undoSchema, req.body);
      res.json(undoChange(ctx, organizer(res), req.params.eventId, auditIdOf(req), reason) satisfies OrganizerAnswers['undo']);
    },

    privacy: (req: BibReq, res) => {
      res.json({ entrant: setPrivacy(ctx, organizer(res), req.params.eventId, req.params.bib, bodyOf(privacySchema, req.body)) });
    },

    status: (req: BibReq, res) => {
      const { status, reason } = bodyOf(statusChangeSchema, req.body);
      res.json({ entrant: setStatus(ctx, organizer(res), req.params.eventId, req.params.bib, status, reason) });
    },

    move: (req: BibReq, res) => {
      res.json({ entrant: moveRunner(ctx, organizer(res), req.params.eventId, req.params.bib, bodyOf(moveRunnerSchema, req.body)) });
    },

    manualSplit: (req: BibReq, res) => {
      res.status(201).json(addManualSplit(ctx, organizer(res), req.params.eventId, req.params.bib, bodyOf(manualSplitSchema, req.body)));
    },

    review: (req: BibReq, res) => {
      res.json(reviewFlags(ctx, organizer(res), req.params.eventId, req.params.bib, bodyOf(reviewSchema, req.body)));
    },

    /** A runner as organizers see them (name even when private), with every read, set-aside ones marked. */
    runner: (req: BibReq, res) => {
      const setup = currentSetup(ctx, req.params.eventId);
      const entrant = setup.entrants.find((e) => e.bib === req.params.bib);
      if (!entrant) throw new NotFound(`no entrant with bib ${req.params.bib}`);
      const scored = ctx.runtime.readsOf(req.params.eventId, entrant.bib).map((r) => r.seq);
      const body: OrganizerAnswers['runner'] = {
        entrant,
        runner: ctx.runtime.runner(req.params.eventId, entrant.bib)!,
        reads: ctx.corrections.runnerReads(req.params.eventId, scored, entrant.bib, entrant.chip ?? null),
      };
      res.json(body);
    },

    ignoreRead: (req: Request<{ eventId: string; seq: string }>, res) => {
      const seq = z.coerce.number().int().positive().safeParse(req.params.seq);
      if (!seq.success) throw new HttpError(400, `read: "${req.params.seq}" is not a read number`);
      res.json(ignoreRead(ctx, organizer(res), req.params.eventId, seq.data, bodyOf(ignoreReadSchema, req.body).reason));
    },

    unmatched: (req: EventReq, res) => {
      res.json({ unmatched: unmatchedChips(ctx, req.params.eventId) });
    },

    assignChip: (req: EventReq, res) => {
      res.json({ entrant: assignChip(ctx, organizer(res), req.params.eventId, bodyOf(assignChipSchema, req.body)) });
    },

    audit: (req: EventReq, res) => {
      const query = auditQuerySchema.safeParse(req.query);
      if (!query.success) throw new HttpError(400, formatZodError(query.error));
      const { before, ...filter } = query.data;
      res.json({ entries: ctx.audit.list(req.params.eventId, { beforeId: before, ...filter }) });
    },

    monitoring: (req: EventReq, res) => {
      const options = monitoringOptionsSchema.safeParse(Object.fromEntries(Object.entries(req.query).map(([k, v]) => [k, Number(v)])));
      if (!options.success) throw new HttpError(400, formatZodError(options.error));
      res.json(monitoringFor(ctx, req.params.eventId, options.data));
    },

    resultsCsv: (req: RaceReq, res) => {
      const { eventId, raceId } = req.params;
      const race = ctx.runtime.race(eventId, raceId);
      if (!race) throw new NotFound(`no race "${raceId}" in event "${eventId}"`);
      const reasons = new Map(ctx.runtime.setup(eventId)!.entrants.map((e) => [e.bib, e.statusReason]));
      const entries = ctx.runtime.board(eventId, raceId)!.entries.map((e) => ({ ...ctx.runtime.runner(eventId, e.bib)!, places: e.places, statusReason: reasons.get(e.bib) }));
      const csv = resultsCsv(race, entries, provisionalCheck(ctx, req.params.eventId));
      res
        .type('text/csv; charset=utf-8')
        .attachment(`${req.params.eventId}-${race.id}-results.csv`)
        .send(csv);
    },

    devices: (req: EventReq, res) => {
      res.json({ devices: ctx.devices.list(req.params.eventId) });
    },

    /** A new device token, shown once. */
    createDevice: (req: EventReq, res) => {
      const { name } = bodyOf(newDeviceSchema, req.body);
      currentSetup(ctx, req.params.eventId);
      const now = ctx.now();
      const entry = { eventId: req.params.eventId, ...actorOf(organizer(res)), at: now, action: 'device.create', target: name, reason: null, before: null, after: null as unknown };
      const created = ctx.db.transaction(() => {
        const made = ctx.devices.create(req.params.eventId, name, now);
        ctx.audit.append({ ...entry, target: made.device.id, after: { name } });
        return made;
      })();
      ctx.onAudit(entry);
      res.status(201).json(created);
    },

    revokeDevice: (req: Request<{ eventId: string; deviceId: string }>, res) => {
      const device = ctx.devices.list(req.params.eventId).find((d) => d.id === req.params.deviceId);
      if (!device) throw new NotFound(`no device "${req.params.deviceId}" in event "${req.params.eventId}"`);
      const now = ctx.now();
      const entry = { eventId: req.params.eventId, ...actorOf(organizer(res)), at: now, action: 'device.revoke', target: device.id, reason: null, before: { name: device.name, revokedAt: device.revokedAt }, after: { revokedAt: now } };
      const revoked = ctx.db.transaction(() => {
        const done = ctx.devices.revoke(device.id, now);
        if (done) ctx.audit.append(entry);
        return done;
      })();
      if (!revoked) throw new Conflict('this device token is revoked already');
      ctx.onAudit(entry);
      res.json({ revoked: true });
    },
  } satisfies Record<string, RequestHandler<any>>;
}
