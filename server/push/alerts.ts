// Alerts for spectators who follow runners: subscriptions (checked, stored, indexed by runner),
// the watch on published deltas, and the messages handed to the sender. Runs on the primary only,
// so each alert leaves once.
import { createECDH } from 'node:crypto';
import type { AlertLang, AlertSubscriptionRequest } from '../../shared/alerts';
import type { Clock, Scheduler } from '../../shared/clock';
import type { RaceDelta } from '../../shared/views';
import { Invalid, NotFound } from '../domain/errors';
import type { EventMirror } from '../live/event-mirror';
import type { AlertSubscription, AlertSubscriptions } from '../storage/alert-subscriptions';
import { markKey, type AlertMarks } from '../storage/alert-marks';
import { spotProblem } from '../../shared/spot';
import { SpotAlerts, type SpotAlert } from './spot-alerts';
import { SplitPlaces } from './split-places';
import { alertFacts, alertPayload, type AlertFacts } from '../../shared/alert-texts';
import { AlertWatcher, type AlertIntent } from '../../shared/alert-watcher';
import { endpointProblem, type PushService } from './push-services';
import type { PushSender } from './push-sender';

/** How long a push service keeps an alert for a browser that is offline, and we keep trying. */
export const ALERT_TTL_SECONDS = 600;
/** How often spot alerts that came due are looked for: "about ten minutes" away. */
const SPOT_TICK_MS = 5000;
/** The mark of a runner's finish estimate, told once. */
const EXPECTED_MARK = 'expected';

export interface AlertsDeps {
  store: AlertSubscriptions;
  /** Alerts told once, remembered over a restart. */
  marks: AlertMarks;
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
  private pendingSpots: SpotAlert[] = [];
  /** Marks made since the last render, stored together then. */
  private pendingMarks: { eventId: string; bib: string; mark: string }[] = [];
  private cancelRender: (() => void) | null = null;
  private told: Set<string>;
  private spots: SpotAlerts;
  private cancelTick: (() => void) | null = null;
  private places: SplitPlaces;

  constructor(private deps: AlertsDeps) {
    this.told = deps.marks.all();
    this.places = new SplitPlaces({
      ranking: (eventId, raceId) => deps.mirror(eventId)?.info.races.find((r) => r.id === raceId)?.ranking,
      field: (eventId, raceId) => deps.mirror(eventId)?.runners(raceId) ?? [],
    });
    this.spots = new SpotAlerts({
      race: (eventId, raceId) => deps.mirror(eventId)?.info.races.find((r) => r.id === raceId),
      runner: (eventId, bib) => deps.mirror(eventId)?.runner(bib),
      told: (eventId, bib, mark) => this.told.has(markKey(eventId, bib, mark)),
      tell: (eventId, bib, mark) => this.mark(eventId, bib, mark),
      wall: deps.now,
    });
    for (const s of deps.store.all()) this.index(s);
    if (this.subscriptions.size > 0) deps.sender.warm();
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
    const spot = request.spot ?? null;
    const spotWrong = spot && spotProblem(mirror.info.races.find((r) => r.id === spot.raceId), spot);
    if (spotWrong) throw new Invalid('spot', spotWrong);
    const saved = this.deps.store.save(eventId, request.subscription, request.bibs, request.lang, spot, this.deps.now());
    this.unindex(saved.id);
    this.index(saved);
    this.deps.sender.warm();
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
    if (!this.followers.has(delta.eventId)) {
      this.places.forget(delta.eventId);
      return;
    }
    this.places.changed(delta.eventId, delta.raceId, delta.runners, delta.removed);
    const intents = this.watcher.changed(delta.eventId, delta.runners, this.deps.mirror(delta.eventId)?.info);
    // The finish estimate is told once, also over a restart.
    for (const i of intents) if (i.kind === 'expected') this.mark(i.eventId, i.runner.bib, EXPECTED_MARK);
    this.queue(intents, this.spots.changed(delta.eventId, delta.runners));
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
    this.deps.marks.addAll(this.pendingMarks);
    this.pendingMarks = [];
    this.cancelRender?.();
    this.cancelRender = null;
    this.cancelTick?.();
    this.cancelTick = null;
  }

  private queue(intents: AlertIntent[], spots: SpotAlert[]): void {
    if (intents.length === 0 && spots.length === 0) return;
    this.pending.push(...intents);
    this.pendingSpots.push(...spots);
    this.cancelRender ??= this.deps.scheduler.after(0, () => {
      this.cancelRender = null;
      this.render();
    });
  }

  private mark(eventId: string, bib: string, mark: string): void {
    const k = markKey(eventId, bib, mark);
    if (this.told.has(k)) return;
    this.told.add(k);
    this.pendingMarks.push({ eventId, bib, mark });
  }

  /** Spot alerts are due at a time: looked for every few seconds while anyone has a spot. */
  private scheduleTick(): void {
    if (this.cancelTick || !this.spots.active()) return;
    this.cancelTick = this.deps.scheduler.after(SPOT_TICK_MS, () => {
      this.cancelTick = null;
      this.queue([], this.spots.tick());
      this.scheduleTick();
    });
  }

  private render(): void {
    const intents = this.pending;
    this.pending = [];
    const spots = this.pendingSpots;
    this.pendingSpots = [];
    this.deps.marks.addAll(this.pendingMarks);
    this.pendingMarks = [];
    const madeAt = this.deps.now();
    // A spot is one subscriber's: worded for that subscriber alone.
    for (const { subscriptionId: id, intent } of spots) {
      const s = this.subscriptions.get(id);
      const facts = s && this.mirrorFacts(intent);
      if (!s || !facts) continue;
      const payload = JSON.stringify(alertPayload(intent, facts, s.lang));
      this.deps.sender.enqueue({ subscriptionId: id, subscription: s.subscription, payload, madeAt, ttlSeconds: ALERT_TTL_SECONDS });
    }
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

  private mirrorFacts(intent: AlertIntent): AlertFacts | null {
    const mirror = this.deps.mirror(intent.eventId);
    return mirror ? alertFacts(intent, mirror.info.timeZone, null, null) : null;
  }

  private facts(intent: AlertIntent): AlertFacts | null {
    const mirror = this.deps.mirror(intent.eventId);
    if (!mirror) return null;
    const { runner } = intent;
    let place: number | null = null;
    const split = intent.splitIndex !== undefined ? runner.splits[intent.splitIndex] : undefined;
    // Only this split's place, from the kept index: not a read of the whole field per alert.
    if (split) place = this.places.place(intent.eventId, runner, split);
    // The finish places from the same index: sorting 56,000 runners per update cost the finish hour its seconds.
    const places = intent.kind === 'finish' ? this.places.finishPlaces(intent.eventId, runner) : null;
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
      this.watcher.follow(s.eventId, mirror?.runner(bib), bib, this.told.has(markKey(s.eventId, bib, EXPECTED_MARK)));
    }
    if (s.spot) {
      this.queue([], this.spots.follow(s.eventId, s.id, s.spot, s.bibs));
      this.scheduleTick();
    }
  }

  private unindex(id: string): void {
    const s = this.subscriptions.get(id);
    if (!s) return;
    this.subscriptions.delete(id);
    if (s.spot) this.spots.unfollow(s.eventId, id, s.bibs);
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
