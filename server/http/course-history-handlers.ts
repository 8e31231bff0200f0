// A race's course history from the console: earlier years' results files, listed, uploaded as
// text/csv (a cross-site form cannot send it; summed up in a worker thread, one at a time) and removed.
import type { Request, RequestHandler } from 'express';
import { historyUploadQuery, type HistoryFileInfo } from '../../shared/course-history';
import { addHistory, listHistory, removeHistory } from '../organizer/course-history';
import { HistorySummer } from '../organizer/history-summer';
import type { OrganizerContext } from '../organizer/organizer-context';
import { HttpError } from './errors';
import { bodyOf, organizerOf } from './organizer-auth';

type RaceReq = Request<{ eventId: string; raceId: string }>;

/** What a second upload is told to wait: a Boston year takes a few seconds to sum up. */
const BUSY_RETRY_S = 5;

export function courseHistoryHandlers(ctx: OrganizerContext) {
  // One file summed up at a time on this server (see history-summer.ts).
  const summer = new HistorySummer();
  return {
    list: (req: RaceReq, res) => {
      res.json({ files: listHistory(ctx, req.params.eventId, req.params.raceId) } satisfies { files: HistoryFileInfo[] });
    },

    upload: async (req: RaceReq, res) => {
      if (!req.is('text/csv') || typeof req.body !== 'string') throw new HttpError(415, 'send the results file as CSV (Content-Type: text/csv)');
      const { name } = bodyOf(historyUploadQuery, req.query);
      if (summer.busy) throw new HttpError(429, 'another course history file is being summed up on this server; send this one again in a few seconds', { 'Retry-After': String(BUSY_RETRY_S) });
      res.status(201).json({ file: await addHistory(ctx, organizerOf(res), summer, req.params.eventId, req.params.raceId, req.body, name) } satisfies { file: HistoryFileInfo });
    },

    remove: (req: Request<{ eventId: string; raceId: string; historyId: string }>, res) => {
      res.json({ files: removeHistory(ctx, organizerOf(res), req.params.eventId, req.params.raceId, req.params.historyId) } satisfies { files: HistoryFileInfo[] });
    },
  } satisfies Record<string, RequestHandler<any>>;
}
