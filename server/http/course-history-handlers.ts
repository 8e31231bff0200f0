// A race's course history from the console: earlier years' results files, listed, uploaded as
// text/csv (a cross-site form cannot send it) and removed.
import type { Request, RequestHandler } from 'express';
import { historyUploadQuery, type HistoryFileInfo } from '../../shared/course-history';
import { addHistory, listHistory, removeHistory } from '../organizer/course-history';
import type { OrganizerContext } from '../organizer/organizer-context';
import { HttpError } from './errors';
import { bodyOf, organizerOf } from './organizer-auth';

type RaceReq = Request<{ eventId: string; raceId: string }>;

export function courseHistoryHandlers(ctx: OrganizerContext) {
  return {
    list: (req: RaceReq, res) => {
      res.json({ files: listHistory(ctx, req.params.eventId, req.params.raceId) } satisfies { files: HistoryFileInfo[] });
    },

    upload: (req: RaceReq, res) => {
      if (!req.is('text/csv') || typeof req.body !== 'string') throw new HttpError(415, 'send the results file as CSV (Content-Type: text/csv)');
      const { name } = bodyOf(historyUploadQuery, req.query);
      res.status(201).json({ file: addHistory(ctx, organizerOf(res), req.params.eventId, req.params.raceId, req.body, name) } satisfies { file: HistoryFileInfo });
    },

    remove: (req: Request<{ eventId: string; raceId: string; historyId: string }>, res) => {
      res.json({ files: removeHistory(ctx, organizerOf(res), req.params.eventId, req.params.raceId, req.params.historyId) } satisfies { files: HistoryFileInfo[] });
    },
  } satisfies Record<string, RequestHandler<any>>;
}
