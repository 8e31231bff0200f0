// Alerts to spectators who follow runners (Web Push): the subscription request and what a
// notification carries, shared by the server, the page and the service worker.
import { z } from 'zod';
import { spotSchema } from './spot';

/** At most this many runners per subscription. */
export const MAX_ALERT_BIBS = 10;

export const alertLangSchema = z.enum(['en', 'fa']);
export type AlertLang = z.infer<typeof alertLangSchema>;

const base64url = z.string().regex(/^[A-Za-z0-9_-]+=*$/, 'must be base64url');

/** A browser's PushSubscription as its toJSON() gives it. */
export const pushSubscriptionSchema = z.object({
  endpoint: z.string().min(1).max(2048),
  expirationTime: z.number().nullable().optional(),
  keys: z.object({ p256dh: base64url.min(80).max(100), auth: base64url.min(16).max(32) }),
});
export type PushSubscriptionJson = z.infer<typeof pushSubscriptionSchema>;

export const alertSubscriptionRequestSchema = z
  .object({
    subscription: pushSubscriptionSchema,
    bibs: z
      .array(z.string().min(1).max(32))
      .min(1)
      .max(MAX_ALERT_BIBS, `at most ${MAX_ALERT_BIBS} runners per subscription`)
      .refine((bibs) => new Set(bibs).size === bibs.length, 'a bib is listed twice'),
    lang: alertLangSchema.default('en'),
    /** Where the spectator stands: an alert when a followed runner is about ten minutes away. */
    spot: spotSchema.nullable().default(null),
  })
  .strict();
export type AlertSubscriptionRequest = z.infer<typeof alertSubscriptionRequestSchema>;

export type AlertKind = 'passing' | 'finish' | 'expected' | 'dnf' | 'dq' | 'spot';

/** The payload of one push message: what the service worker shows. */
export interface AlertPayload {
  kind: AlertKind;
  eventId: string;
  bib: string;
  title: string;
  body: string;
  /** The runner page, as a path on this server. */
  url: string;
  /** Names the alert (runner, kind, mat): the same alert from the push service and the socket is one notification. */
  tag: string;
}
