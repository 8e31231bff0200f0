// `?at=` on the public leaderboard and runner routes: the race as it was at that moment. Answered on
// the primary, which holds the engines; a replica says so (421) rather than guess. Without `at` the
// request goes on to the live handlers (server/http/routes.ts mounts both on the same paths).
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { parseMoment } from '../../shared/moment';
import { placesAtSplits } from '../../shared/standings';
import type { EventEngine } from '../../shared/engine/event-engine';
import { History, type HistoryOptions } from '../live/history';
import { isPublic, publicRow } from '../live/public-view';
import { formatZodError } from '../../shared/zod-format';
import { leaderboardQuery } from './public-handlers';

type Handler = (req: Request<Record<string, string>>, res: Response, at: number) => void;

export interface TimeTravelHandlers {
  leaderboard: RequestHandler;
  runner: RequestHandler;
}

/** `engineOf`: the local engines (a primary's, a standby's once it leads); none on a replica. */
export function timeTravelHandlers(engineOf: ((eventId: string) => EventEngine | undefined) | undefined, options: HistoryOptions = {}): TimeTravelHandlers {
  const history = engineOf ? new History(engineOf, options) : null;

  // Only requests with `at` are ours; a bad `at` is a 400 before anything else is looked at.
  const atMoment = (handler: Handler) => (req: Request<Record<string, string>>, res: Response, next: NextFunction) => {
    if (!('at' in req.query)) return next();
    const moment = parseMoment(req.query.at);
    if (!moment.ok) return void res.status(400).json({ error: moment.error });
    if (!history) return void res.status(421).json({ error: 'this instance is a replica: ask the primary for the race as it was (?at=)' });
    handler(req, res, moment.at);
  };
  const notFound = (res: Response, error: string) => void res.status(404).json({ error });
  /** The event's timeline, or an answer already sent (unknown event, or the first one still being built). */
  const timelineOf = (eventId: string, res: Response) => {
    const timeline = history!.timeline(eventId);
    if (timeline === undefined) notFound(res, `no event "${eventId}"`);
    else if (timeline === 'building') res.set('Retry-After', '10').status(503).json({ error: 'the race as it was is being prepared for this event: try again in a few seconds' });
    else return timeline;
    return undefined;
  };

  const leaderboard = atMoment((req, res, at) => {
      const { at: _at, ...rest } = req.query;
      const query = leaderboardQuery.safeParse(rest);
      if (!query.success) return void res.status(400).json({ error: formatZodError(query.error) });
      const { eventId, raceId } = req.params;
      const timeline = timelineOf(eventId, res);
      if (!timeline) return;
      const { offset, limit, ...filter } = query.data;
      const board = timeline.leaderboardAt(raceId, at, filter, offset, limit, true);
      if (!board) return notFound(res, `no race "${raceId}" in event "${eventId}"`);
      res.json({
        eventId,
        raceId,
        at,
        from: timeline.from,
        to: timeline.to,
        counters: board.counters,
        total: board.total,
        entries: board.entries.map((e) => ({ ...publicRow(e), places: e.places })),
      });
    });

  const runner = atMoment((req, res, at) => {
      const { eventId, bib } = req.params;
      const timeline = timelineOf(eventId, res);
      if (!timeline) return;
      const runner = timeline.runnerAt(bib, at);
      if (!runner || !isPublic(runner)) return notFound(res, `no runner with bib "${bib}"`);
      // The field as at T: every runner's splits timed up to T.
      const field = engineOf!(eventId)!
        .standings(runner.raceId)
        .map((r) => ({ bib: r.bib, splits: r.splits.filter((s) => s.time <= at) }));
      const places = placesAtSplits(runner, field, timeline.setup.races.find((r) => r.id === runner.raceId)?.ranking);
      res.json({ ...runner, at, splits: runner.splits.map((s, i) => ({ ...s, place: places[i] })) });
    });

  return { leaderboard: leaderboard as RequestHandler, runner: runner as RequestHandler };
}
