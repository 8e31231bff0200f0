// Alerts for spectators who follow runners: subscriptions (checked, stored, indexed by runner),
// the watch on published deltas, and the messages handed to the sender. Runs on the primary only,
// so each alert leaves once.
import { createECDH } from 'node:crypto';
import type { AlertLang, AlertSubscriptionRequest } from '../../shared/alerts';
import type { Clock, Scheduler } from '../../shared/clock';
import { placesAtSplits } from '../../shared/board/split-places';
import type { RaceDelta } from '../../shared/views';
import { Invalid, NotFound } from '../domain/errors';
import type { EventMirror } from '../live/event-mirror';
import type { AlertSubscription, AlertSubscriptions } from '../storage/alert-subscriptions';
import { alertFacts, alertPayload, type AlertFacts } from '../../shared/alert-texts';
import { AlertWatcher, type AlertIntent } from '../../shared/alert-watcher';
import { endpointProblem, type PushService } from './push-services';
import type { PushSender } from './push-sender';

/** How long a push service keeps an alert for a browser that is offline, and we keep trying. */
export const ALERT_TTL_SECONDS = 600;

export interface AlertsDeps {
  store: AlertSubscriptions;
  /** This instance's copy of an event's live state (places, names, the venue's time zone). */
  mirror: (eventId: string) => EventMirror | undefined;
  services: readonly PushService[];
  sender: PushSender;
  now: Clock;
  scheduler: Scheduler;
}

export class Alerts {
  private subscriptions = new Map<string, AlertSubscription>();
  /** eventId → bib → subscription ids. */
  private followers = new Map<string, Map<string, Set<string>>>();
  private watcher = new AlertWatcher((eventId, bib) => (this.followers.get(eventId)?.get(bib)?.size ?? 0) > 0);
  private pending: AlertIntent[] = [];
  private cancelRender: (() => void) | null = null;

  constructor(private deps: AlertsDeps) {
    for (const s of deps.store.all()) this.index(s);
  }

  /** Store a subscription (or change the runners of this browser's); refused with the reason when it cannot be kept. */
  subscribe(eventId: string, request: AlertSubscriptionRequest): AlertSubscription {
    const mirror = this.deps.mirror(eventId);
    if (!mirror) throw new NotFound(`no event "${eventId}"`);
    const problem = endpointProblem(request.subscription.endpoint, this.deps.services);
    if (problem) throw new Invalid('subscription.endpoint', problem);
    if (!isP256Point(request.subscription.keys.p256dh)) throw new Invalid('subscription.keys.p256dh', 'is not a P-256 public key');
    if (Buffer.from(request.subscription.keys.auth, 'base64url').length !== 16) throw new Invalid('subscription.keys.auth', 'is not 16 bytes');
    for (const bib of request.bibs) {
      const runner = mirror.runner(bib);
      // A private entrant is refused exactly like a bib nobody has.
      if (!runner || runner.private) throw new Invalid('bibs', `no runner with bib "${bib}" in this event`);
    }
    const saved = this.deps.store.save(eventId, request.subscription, request.bibs, request.lang, this.deps.now());
    this.unindex(saved.id);
    this.index(saved);
    return saved;
  }

  subscription(eventId: string, id: string): AlertSubscription {
    const s = this.subscriptions.get(id);
    if (!s || s.eventId !== eventId) throw new NotFound('no such alert subscription');
    return s;
  }

  unsubscribe(eventId: string, id: string): void {
    if (!this.deps.store.remove(eventId, id)) throw new NotFound('no such alert subscription');
    this.unindex(id);
  }

  /** A published delta: what it means for followers is worked out now, the messages a moment later. */
  changed(delta: RaceDelta): void {
    if (!this.followers.has(delta.eventId)) return;
    const intents = this.watcher.changed(delta.eventId, delta.runners, this.deps.mirror(delta.eventId)?.info);
    if (intents.length === 0) return;
    this.pending.push(...intents);
    this.cancelRender ??= this.deps.scheduler.after(0, () => {
      this.cancelRender = null;
      this.render();
    });
  }

  /** The push service no longer knows the subscription. */
  gone(id: string): void {
    const s = this.subscriptions.get(id);
    if (!s) return;
    this.deps.store.remove(s.eventId, id);
    this.unindex(id);
  }

  count(): number {
    return this.subscriptions.size;
  }

  close(): void {
    this.cancelRender?.();
    this.cancelRender = null;
  }

  private render(): void {
    const intents = this.pending;
    this.pending = [];
    const madeAt = this.deps.now();
    for (const intent of intents) {
      const ids = this.followers.get(intent.eventId)?.get(intent.runner.bib);
      if (!ids?.size) continue;
      const facts = this.facts(intent);
      if (!facts) continue;
      // Worded once per language, whatever the number of followers.
      const payloads = new Map<AlertLang, string>();
      for (const id of ids) {
        const s = this.subscriptions.get(id)!;
        let payload = payloads.get(s.lang);
        if (!payload) {
          payload = JSON.stringify(alertPayload(intent, facts, s.lang));
          payloads.set(s.lang, payload);
        }
        this.deps.sender.enqueue({ subscriptionId: id, subscription: s.subscription, payload, madeAt, ttlSeconds: ALERT_TTL_SECONDS });
      }
    }
  }

  private facts(intent: AlertIntent): AlertFacts | null {
    const mirror = this.deps.mirror(intent.eventId);
    if (!mirror) return null;
    const { runner } = intent;
    let place: number | null = null;
    const split = intent.splitIndex !== undefined ? runner.splits[intent.splitIndex] : undefined;
    if (split) {
      const ranking = mirror.info.races.find((r) => r.id === runner.raceId)?.ranking;
      // Only this split's place: the field is read once per alert, not per subscriber.
      place = placesAtSplits({ bib: runner.bib, splits: [split] }, mirror.runners(runner.raceId), ranking)[0];
    }
    const places = intent.kind === 'finish' ? (mirror.placesOf(runner.raceId, runner.bib) ?? null) : null;
    return alertFacts(intent, mirror.info.timeZone, place, places);
  }

  private index(s: AlertSubscription): void {
    this.subscriptions.set(s.id, s);
    let byBib = this.followers.get(s.eventId);
    if (!byBib) this.followers.set(s.eventId, (byBib = new Map()));
    const mirror = this.deps.mirror(s.eventId);
    for (const bib of s.bibs) {
      let ids = byBib.get(bib);
      if (!ids) byBib.set(bib, (ids = new Set()));
      ids.add(s.id);
      this.watcher.follow(s.eventId, mirror?.runner(bib), bib);
    }
  }

  private unindex(id: string): void {
    const s = this.subscriptions.get(id);
    if (!s) return;
    this.subscriptions.delete(id);
    const byBib = this.followers.get(s.eventId);
    for (const bib of s.bibs) {
      const ids = byBib?.get(bib);
      ids?.delete(id);
      if (ids && ids.size === 0) {
        byBib!.delete(bib);
        this.watcher.forget(s.eventId, bib);
      }
    }
    if (byBib && byBib.size === 0) this.followers.delete(s.eventId);
  }
}

/** Whether the browser's key is a point on P-256: one that is not could never be encrypted to. */
function isP256Point(p256dh: string): boolean {
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    ecdh.computeSecret(Buffer.from(p256dh, 'base64url'));
    return true;
  } catch {
    return false;
  }
}
