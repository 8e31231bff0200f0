// `?at=` on the public leaderboard and runner routes: the race as it was at that moment. Answered on
// the primary, which holds the engines; a replica says so (421) rather than guess. Without `at` the
// request goes on to the live handlers (server/http/routes.ts mounts both on the same paths).
// Answers are kept per second of the moment asked, so spectators looking at the same moment share
// one; each client address has a budget of them.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { parseMoment } from '../../shared/moment';
import { describeReadWindow, readWindowOf, withinReadWindow } from '../../shared/read-window';
import type { Clock } from '../../shared/clock';
import type { Timeline } from '../../shared/engine/time-travel';
import type { History } from '../live/history';
import { isPublic, publicRow } from '../live/public-view';
import { AddressRequests, MOMENT_RULE } from '../limits/address-requests';
import { formatZodError } from '../../shared/zod-format';
import { leaderboardQuery } from './public-handlers';
import { MomentAnswers } from './moment-answers';

/** `at`: the end of the moment's bucket, which the answer describes; `asked`: the moment as asked. */
type Handler = (req: Request<Record<string, string>>, res: Response, at: number, timeline: Timeline, asked: number) => void;

export interface TimeTravelHandlers {
  leaderboard: RequestHandler;
  runner: RequestHandler;
}

/** Answers are shared per this much of the moment asked. */
export const MOMENT_BUCKET_MS = 1000;

/** `history`: the local engines' (a primary's, a standby's once it leads); none on a replica. */
export function timeTravelHandlers(history: History | undefined, options: { now?: Clock; perAddress?: typeof MOMENT_RULE | null } = {}): TimeTravelHandlers {
  const budget = new AddressRequests(options.perAddress === undefined ? MOMENT_RULE : options.perAddress, options.now ?? Date.now);
  const answers = new MomentAnswers();

  // Only requests with `at` are ours; a bad `at` is a 400 before anything else is looked at.
  const atMoment = (handler: Handler) => (req: Request<Record<string, string>>, res: Response, next: NextFunction) => {
    if (!('at' in req.query)) return next();
    const moment = parseMoment(req.query.at);
    if (!moment.ok) return void res.status(400).json({ error: moment.error });
    if (!history) return void res.status(421).json({ error: 'this instance is a replica: ask the primary for the race as it was (?at=)' });
    if (!budget.take(req.ip ?? 'unknown')) {
      return void res.set('Retry-After', String(budget.retryAfter())).status(429).json({ error: 'too many questions about the past from this address: wait a moment' });
    }
    const { eventId } = req.params;
    const timeline = history.timeline(eventId);
    if (timeline === undefined) return notFound(res, `no event "${eventId}"`);
    if (timeline === 'building') {
      return void res.set('Retry-After', '10').status(503).json({ error: 'the race as it was is being prepared for this event: try again in a few seconds' });
    }
    // A moment the event's reads could not have: refused, with the span that can be asked.
    const window = readWindowOf(timeline.setup);
    if (!withinReadWindow(window, moment.at)) {
      return void res.status(400).json({ error: `"at" is outside the event's window ${describeReadWindow(window)}`, from: window.from, to: window.to });
    }
    handler(req, res, Math.floor(moment.at / MOMENT_BUCKET_MS) * MOMENT_BUCKET_MS + MOMENT_BUCKET_MS - 1, timeline, moment.at);
  };
  const notFound = (res: Response, error: string) => void res.status(404).json({ error });

  const leaderboard = atMoment((req, res, at, timeline, asked) => {
    const { at: _at, ...rest } = req.query;
    const query = leaderboardQuery.safeParse(rest);
    if (!query.success) return void res.status(400).json({ error: formatZodError(query.error) });
    const { eventId, raceId } = req.params;
    const { offset, limit, ...filter } = query.data;
    const key = `b|${eventId}|${raceId}|${at}|${filter.gender ?? ''}|${filter.ageGroup ?? ''}|${filter.country ?? ''}|${offset}|${limit}`;
    const body = answers.get(key, timeline, at, () => {
      const board = timeline.boardAt(raceId, at, filter, offset, limit, true);
      if (!board) return null;
      return {
        eventId,
        raceId,
        at,
        from: timeline.from,
        to: timeline.to,
        counters: board.counters,
        total: board.total,
        options: board.options,
        histogram: board.figures.histogram,
        countries: board.figures.countries,
        entries: board.entries.map((e) => ({ ...publicRow(e), places: e.places })),
      };
    });
    if (!body) return notFound(res, `no race "${raceId}" in event "${eventId}"`);
    // The span grows with the race; the rows for a moment stay.
    res.json({ ...body, at: asked, from: timeline.from, to: timeline.to });
  });

  const runner = atMoment((req, res, at, timeline, asked) => {
    const { eventId, bib } = req.params;
    const body = answers.get(`r|${eventId}|${bib}|${at}`, timeline, at, () => {
      const runner = timeline.runnerAt(bib, at);
      if (!runner || !isPublic(runner)) return null;
      const places = timeline.splitPlacesAt(runner, at);
      return { ...runner, at, splits: runner.splits.map((s, i) => ({ ...s, place: places[i] })) };
    });
    if (!body) return notFound(res, `no runner with bib "${bib}"`);
    res.json({ ...body, at: asked });
  });

  return { leaderboard: leaderboard as RequestHandler, runner: runner as RequestHandler };
}
