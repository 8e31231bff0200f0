// Errors as the client sees them: a status and a message that says what is wrong, nothing internal.
// Services report domain errors; HttpError is for what only HTTP knows (content types, roles of
// instances, limits).
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { Conflict, DomainError, Forbidden, Invalid, NotFound, NotLeader, Unauthenticated } from '../domain/errors';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
}

/** Last route: a JSON 404 instead of Express's HTML page, which echoes the path. */
export const notFound: RequestHandler = (_req, res) => {
  res.status(404).json({ error: 'not found' });
};

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (res.headersSent) return;
  if (err instanceof HttpError) {
    res.set(err.headers).status(err.status).json({ error: err.message });
    return;
  }
  if (err instanceof DomainError) {
    res.status(statusOf(err)).json({ error: err.message });
    return;
  }
  const e = err as BodyParserError;
  if (e.type === 'entity.too.large') {
    res.status(413).json({ error: `request body is larger than the limit of ${e.limit} bytes` });
    return;
  }
  if (e.type === 'entity.too.deep') {
    res.status(400).json({ error: e.message });
    return;
  }
  if (e.type === 'entity.parse.failed') {
    res.status(400).json({ error: 'request body is not valid JSON' });
    return;
  }
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    res.status(e.status).json({ error: e.type ? `bad request (${e.type})` : 'bad request' });
    return;
  }
  req.log?.error({ err }, 'request failed');
  res.status(500).json({ error: 'internal error' });
};

/** The HTTP status of each kind of domain error. */
export function statusOf(err: DomainError): number {
  if (err instanceof NotFound) return 404;
  if (err instanceof Invalid) return err.unprocessable ? 422 : 400;
  if (err instanceof Conflict) return 409;
  if (err instanceof Forbidden) return 403;
  if (err instanceof Unauthenticated) return 401;
  // Retried by devices and re-routed by the front door once it sees the new leader.
  if (err instanceof NotLeader) return 503;
  return 400;
}
