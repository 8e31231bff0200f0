// Spectators' alert subscriptions over HTTP: the server's public VAPID key, subscribe, stop.
import type { Request, RequestHandler } from 'express';
import { alertSubscriptionRequestSchema } from '../../shared/alerts';
import type { Alerts } from '../push/alerts';
import { HttpError } from './errors';
import { bodyOf } from './organizer-auth';

export function alertHandlers(alerts: Alerts, publicKey: string) {
  return {
    key: ((_req, res) => {
      res.json({ publicKey });
    }) as RequestHandler,

    subscribe: (req: Request<{ eventId: string }>, res) => {
      const saved = alerts.subscribe(req.params.eventId, bodyOf(alertSubscriptionRequestSchema, req.body));
      res.status(201).json({ id: saved.id });
    },

    /** What a subscription follows, so a page can tell whether it still stands. */
    subscription: (req: Request<{ eventId: string; id: string }>, res) => {
      const s = alerts.subscription(req.params.eventId, req.params.id);
      res.json({ id: s.id, bibs: s.bibs, lang: s.lang, spot: s.spot });
    },

    unsubscribe: (req: Request<{ eventId: string; id: string }>, res) => {
      alerts.unsubscribe(req.params.eventId, req.params.id);
      res.status(204).end();
    },
  } satisfies Record<string, RequestHandler<any>>;
}

/** On a replica: subscriptions are kept, and alerts sent, by the primary alone. */
export const replicaRefusesAlerts: RequestHandler = () => {
  throw new HttpError(421, 'this instance is a replica: alert subscriptions are made at the primary');
};
