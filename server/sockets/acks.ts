// Socket answers: an ack is called only if the client sent one, and a service's domain error
// becomes `{ ok: false, error }` with its message, as the HTTP layer turns it into a status.
import type { Ack } from '../../shared/socket-events';
import { DomainError } from '../domain/errors';

/** Call an ack only if the client sent one; a malformed event never throws. */
export function reply<T>(ack: unknown, res: Ack<T>): void {
  if (typeof ack === 'function') ack(res);
}

/** Run `work` and answer with its result, or with the domain error it reported. */
export function answer<T>(ack: unknown, work: () => T): void {
  let res: Ack<T>;
  try {
    res = { ok: true, data: work() };
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    res = { ok: false, error: err.message };
  }
  reply(ack, res);
}
