// Race control, reads, monitoring, the audit log, devices and results export.
import { Router, type Request } from 'express';
import { z } from 'zod';
import {
  assignChipSchema,
  gunSchema,
  ignoreReadSchema,
  manualSplitSchema,
  monitoringOptionsSchema,
  moveRunnerSchema,
  newDeviceSchema,
  reviewSchema,
  statusChangeSchema,
} from '../../shared/organizer';
import { monitoringFor, provisionalCheck } from '../organizer/monitoring-service';
import type { OrganizerContext } from '../organizer/organizer-context';
import { actorOf } from '../organizer/organizer-context';
import { addManualSplit, assignChip, fireGun, ignoreRead, moveRunner, reviewFlags, setStatus, unmatchedChips } from '../organizer/race-control';
import { resultsCsv } from '../organizer/results-export';
import { currentSetup } from '../organizer/setup-change';
import { formatZodError, HttpError } from './errors';
import { bodyOf, organizerOf, requireEventAccess, requireJsonWrites, requireOrganizer } from './organizer-auth';

type EventParams = { eventId: string };
type RaceParams = { eventId: string; raceId: string };
type BibParams = { eventId: string; bib: string };

export function organizerControlRoutes(ctx: OrganizerContext): Router {
  const router = Router();
  const guard = [requireOrganizer(ctx), requireEventAccess, requireJsonWrites];
  const organizer = organizerOf;

  router.post('/api/organizer/events/:eventId/races/:raceId/gun', ...guard, (req: Request<RaceParams>, res) => {
    res.json(fireGun(ctx, organizer(res), req.params.eventId, req.params.raceId, bodyOf(gunSchema, req.body)));
  });

  router.post('/api/organizer/events/:eventId/runners/:bib/status', ...guard, (req: Request<BibParams>, res) => {
    const { status, reason } = bodyOf(statusChangeSchema, req.body);
    res.json({ entrant: setStatus(ctx, organizer(res), req.params.eventId, req.params.bib, status, reason) });
  });

  router.post('/api/organizer/events/:eventId/runners/:bib/move', ...guard, (req: Request<BibParams>, res) => {
    res.json({ entrant: moveRunner(ctx, organizer(res), req.params.eventId, req.params.bib, bodyOf(moveRunnerSchema, req.body)) });
  });

  router.post('/api/organizer/events/:eventId/runners/:bib/splits', ...guard, (req: Request<BibParams>, res) => {
    res.status(201).json(addManualSplit(ctx, organizer(res), req.params.eventId, req.params.bib, bodyOf(manualSplitSchema, req.body)));
  });

  router.post('/api/organizer/events/:eventId/runners/:bib/review', ...guard, (req: Request<BibParams>, res) => {
    res.json(reviewFlags(ctx, organizer(res), req.params.eventId, req.params.bib, bodyOf(reviewSchema, req.body)));
  });

  /** A runner as organizers see them (name even when private), with every read, set-aside ones marked. */
  router.get('/api/organizer/events/:eventId/runners/:bib', ...guard, (req: Request<BibParams>, res) => {
    const setup = currentSetup(ctx, req.params.eventId);
    const entrant = setup.entrants.find((e) => e.bib === req.params.bib);
    if (!entrant) throw new HttpError(404, `no entrant with bib ${req.params.bib}`);
    const engine = ctx.runtime.engine(req.params.eventId)!;
    const scored = engine.readsOf(entrant.bib).map((r) => r.seq);
    res.json({
      entrant,
      runner: engine.runner(entrant.bib),
      reads: ctx.corrections.runnerReads(req.params.eventId, scored, entrant.bib, entrant.chip ?? null),
    });
  });

  router.post('/api/organizer/events/:eventId/reads/:seq/ignore', ...guard, (req: Request<EventParams & { seq: string }>, res) => {
    const seq = z.coerce.number().int().positive().safeParse(req.params.seq);
    if (!seq.success) throw new HttpError(400, `read: "${req.params.seq}" is not a read number`);
    res.json(ignoreRead(ctx, organizer(res), req.params.eventId, seq.data, bodyOf(ignoreReadSchema, req.body).reason));
  });

  router.get('/api/organizer/events/:eventId/unmatched', ...guard, (req: Request<EventParams>, res) => {
    res.json({ unmatched: unmatchedChips(ctx, req.params.eventId) });
  });

  router.post('/api/organizer/events/:eventId/unmatched/assign', ...guard, (req: Request<EventParams>, res) => {
    res.json({ entrant: assignChip(ctx, organizer(res), req.params.eventId, bodyOf(assignChipSchema, req.body)) });
  });

  router.get('/api/organizer/events/:eventId/audit', ...guard, (req: Request<EventParams>, res) => {
    const query = z.object({ before: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }).strict().safeParse(req.query);
    if (!query.success) throw new HttpError(400, formatZodError(query.error));
    res.json({ entries: ctx.audit.list(req.params.eventId, { beforeId: query.data.before, limit: query.data.limit }) });
  });

  router.get('/api/organizer/events/:eventId/monitoring', ...guard, (req: Request<EventParams>, res) => {
    const options = monitoringOptionsSchema.safeParse(Object.fromEntries(Object.entries(req.query).map(([k, v]) => [k, Number(v)])));
    if (!options.success) throw new HttpError(400, formatZodError(options.error));
    res.json(monitoringFor(ctx, req.params.eventId, options.data));
  });

  router.get('/api/organizer/events/:eventId/races/:raceId/results.csv', ...guard, (req: Request<RaceParams>, res) => {
    const engine = ctx.runtime.engine(req.params.eventId);
    const race = engine?.race(req.params.raceId);
    if (!engine || !race) throw new HttpError(404, `no race "${req.params.raceId}" in event "${req.params.eventId}"`);
    const reasons = new Map(engine.event.entrants.map((e) => [e.bib, e.statusReason]));
    const entries = engine.leaderboard(race.id).entries.map((e) => ({ ...engine.runner(e.bib)!, places: e.places, statusReason: reasons.get(e.bib) }));
    const csv = resultsCsv(race, entries, provisionalCheck(ctx, req.params.eventId));
    res
      .type('text/csv; charset=utf-8')
      .attachment(`${req.params.eventId}-${race.id}-results.csv`)
      .send(csv);
  });

  router.get('/api/organizer/events/:eventId/devices', ...guard, (req: Request<EventParams>, res) => {
    res.json({ devices: ctx.devices.list(req.params.eventId) });
  });

  /** A new device token, shown once. */
  router.post('/api/organizer/events/:eventId/devices', ...guard, (req: Request<EventParams>, res) => {
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
  });

  router.post('/api/organizer/events/:eventId/devices/:deviceId/revoke', ...guard, (req: Request<EventParams & { deviceId: string }>, res) => {
    const device = ctx.devices.list(req.params.eventId).find((d) => d.id === req.params.deviceId);
    if (!device) throw new HttpError(404, `no device "${req.params.deviceId}" in event "${req.params.eventId}"`);
    const now = ctx.now();
    const entry = { eventId: req.params.eventId, ...actorOf(organizer(res)), at: now, action: 'device.revoke', target: device.id, reason: null, before: { name: device.name, revokedAt: device.revokedAt }, after: { revokedAt: now } };
    const revoked = ctx.db.transaction(() => {
      const done = ctx.devices.revoke(device.id, now);
      if (done) ctx.audit.append(entry);
      return done;
    })();
    if (!revoked) throw new HttpError(409, 'this device token is revoked already');
    ctx.onAudit(entry);
    res.json({ revoked: true });
  });

  return router;
}
