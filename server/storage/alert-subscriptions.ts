// Spectators' alert subscriptions, kept in SQLite. One row per browser (endpoint) and event: a
// second subscription from the same browser replaces the runners it follows.
import { randomUUID } from 'node:crypto';
import type { AlertLang, PushSubscriptionJson } from '../../shared/alerts';
import type { Spot } from '../../shared/spot';
import type { Db } from './database';

export interface AlertSubscription {
  id: string;
  eventId: string;
  subscription: PushSubscriptionJson;
  lang: AlertLang;
  bibs: string[];
  /** Where the spectator stands, if they said. */
  spot: Spot | null;
}

interface Row {
  id: string;
  event_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  lang: AlertLang;
  bibs: string;
  spot: string | null;
}

const fromRow = (r: Row): AlertSubscription => ({
  id: r.id,
  eventId: r.event_id,
  subscription: { endpoint: r.endpoint, keys: { p256dh: r.p256dh, auth: r.auth } },
  lang: r.lang,
  bibs: JSON.parse(r.bibs) as string[],
  spot: r.spot ? (JSON.parse(r.spot) as Spot) : null,
});

export class AlertSubscriptions {
  constructor(private db: Db) {}

  /** Store a subscription; the same browser and event keeps its id and gets the new runners and language. */
  save(eventId: string, subscription: PushSubscriptionJson, bibs: string[], lang: AlertLang, spot: Spot | null, now: number): AlertSubscription {
    const row = this.db
      .prepare(
        `INSERT INTO alert_subscriptions (id, event_id, endpoint, p256dh, auth, lang, bibs, spot, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (event_id, endpoint) DO UPDATE SET p256dh = excluded.p256dh, auth = excluded.auth, lang = excluded.lang, bibs = excluded.bibs, spot = excluded.spot
         RETURNING *`,
      )
      .get(randomUUID(), eventId, subscription.endpoint, subscription.keys.p256dh, subscription.keys.auth, lang, JSON.stringify(bibs), spot && JSON.stringify(spot), now) as Row;
    return fromRow(row);
  }

  get(id: string): AlertSubscription | undefined {
    const row = this.db.prepare('SELECT * FROM alert_subscriptions WHERE id = ?').get(id) as Row | undefined;
    return row && fromRow(row);
  }

  /** True when there was one to remove. */
  remove(eventId: string, id: string): boolean {
    return this.db.prepare('DELETE FROM alert_subscriptions WHERE event_id = ? AND id = ?').run(eventId, id).changes === 1;
  }

  all(): AlertSubscription[] {
    return (this.db.prepare('SELECT * FROM alert_subscriptions').all() as Row[]).map(fromRow);
  }
}
