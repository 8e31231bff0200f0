// Read-only API for spectators, answered from this instance's mirror.
import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import { filterShape } from '../../shared/board/filters';
import { placesAtSplits } from '../../shared/board/split-places';
import { formatZodError } from '../../shared/zod-format';
import { MAX_VIEW_LIMIT } from '../../shared/race-view';
import { NotFound } from '../domain/errors';
import type { LiveHub } from '../live/live-hub';
import { isPublic, publicRow } from '../live/public-view';
import type { EventMirror } from '../live/event-mirror';
import { HttpError } from './errors';

/** A public leaderboard comes a page at a time, like a socket's window; whole results are the organizers' export. */
export const MAX_PAGE = MAX_VIEW_LIMIT;

export const leaderboardQuery = z
  .object({
    ...filterShape,
    offset: z.coerce.number().int().min(0).default(0),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_PAGE, { message: `at most ${MAX_PAGE} rows a page: ask for the next page with offset (results whole are in the organizers' export)` })
      .default(100),
  })
  .strict();

const searchQuery = z.object({ q: z.string().min(1).max(80), limit: z.coerce.number().int().min(1).max(100).default(20) }).strict();

type EventReq = Request<{ eventId: string }>;

export function publicHandlers(hub: LiveHub, health: () => Record<string, unknown>) {
  const mirrorOf = (eventId: string): EventMirror => {
    const mirror = hub.mirror(eventId);
    if (!mirror) throw new NotFound(`no event "${eventId}"`);
    return mirror;
  };

  const handlers = {
    health: ((_req, res) => {
      const report = health();
      res.status(report.status === 'ok' ? 200 : 503).json(report);
    }) as RequestHandler,

    events: ((_req, res) => {
      res.json(hub.events().map((m) => m.info));
    }) as RequestHandler,

    event: (req: EventReq, res) => {
      res.json(mirrorOf(req.params.eventId).info);
    },

    leaderboard: (req: Request<{ eventId: string; raceId: string }>, res) => {
      const query = leaderboardQuery.safeParse(req.query);
      if (!query.success) throw new HttpError(400, formatZodError(query.error));
      const { offset, limit, ...filter } = query.data;
      const mirror = mirrorOf(req.params.eventId);
      const board = mirror.leaderboard(req.params.raceId, filter, offset, limit);
      if (!board) throw new NotFound(`no race "${req.params.raceId}" in event "${req.params.eventId}"`);
      res.json({
        eventId: req.params.eventId,
        raceId: req.params.raceId,
        seq: mirror.seq(req.params.raceId),
        counters: mirror.counters(req.params.raceId),
        total: board.total,
        entries: board.entries.map((e) => ({ ...publicRow(e), places: e.places })),
      });
    },

    runner: (req: Request<{ eventId: string; bib: string }>, res) => {
      const mirror = mirrorOf(req.params.eventId);
      const runner = mirror.runner(req.params.bib);
      // A private entrant is answered exactly like a bib nobody has.
      if (!runner || !isPublic(runner)) throw new NotFound(`no runner with bib "${req.params.bib}"`);
      const ranking = mirror.info.races.find((r) => r.id === runner.raceId)?.ranking;
      const places = placesAtSplits(runner, mirror.runners(runner.raceId), ranking);
      res.json({ ...runner, splits: runner.splits.map((s, i) => ({ ...s, place: places[i] })) });
    },

    /** Search by bib or name; a private entrant is never found. */
    search: (req: EventReq, res) => {
      const query = searchQuery.safeParse(req.query);
      if (!query.success) throw new HttpError(400, formatZodError(query.error));
      const q = query.data.q.trim().toLowerCase();
      const found = [];
      for (const r of mirrorOf(req.params.eventId).allRunners()) {
        if (!isPublic(r)) continue;
        const byBib = r.bib.toLowerCase() === q;
        const byName = (r.name ?? '').toLowerCase().includes(q);
        if (byBib || byName) found.push(publicRow(r));
        if (found.length >= query.data.limit) break;
      }
      res.json(found);
    },
  } satisfies Record<string, RequestHandler<any>>;
  return handlers;
}
