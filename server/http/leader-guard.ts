// Routes that write (and the organizers' console, which must show the leader's state) answer only
// on the instance that leads. A write is checked twice: when it arrives, and again when its answer
// is sent, so a write that outlived its lease (a paused process, a lapsed renewal) is not
// acknowledged — the client sends it again, and the front door takes it to the new leader.
import type { RequestHandler } from 'express';
import { NotLeader } from '../domain/errors';
import { beginWrite, type Leadership } from '../cluster/leadership';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** `wrote`: told of each write answered (the standby copies it now). */
export function requireLeader(leadership: Leadership, ready: () => boolean, wrote: () => void = () => {}): RequestHandler {
  return (req, res, next) => {
    const term = beginWrite(leadership);
    if (!ready()) throw new NotLeader('this instance is taking over as the leader: not ready yet');
    if (WRITES.has(req.method)) {
      const json = res.json.bind(res);
      res.json = (body: unknown) => {
        if (res.statusCode >= 400) return json(body);
        if (leadership.holds(term)) {
          wrote();
          return json(body);
        }
        const lost = new NotLeader(`leadership changed during the request (term ${term}); send it again`);
        return json.call(res.status(503), { error: lost.message });
      };
    }
    next();
  };
}
