// Sends alerts to push services (web-push: VAPID, RFC 8291 encryption), off the path that scores
// reads: jobs wait in a bounded queue and a few go out at a time. A 404 or 410 means the browser
// dropped the subscription; 429, 5xx and network failures are tried again later, but never past
// the alert's time to live: a late "passed 30 km" is worse than none.
import { Agent } from 'node:https';
import type { Logger } from 'pino';
import webpush, { WebPushError } from 'web-push';
import type { PushSubscriptionJson } from '../../shared/alerts';
import type { Clock, Scheduler } from '../../shared/clock';
import { ThrottledLog } from '../throttled-log';
import { endpointProblem, type PushService } from './push-services';
import type { VapidKeys } from './vapid-keys';

export interface PushJob {
  subscriptionId: string;
  subscription: PushSubscriptionJson;
  payload: string;
  /** Epoch ms the alert was made: it is dropped once older than its time to live. */
  madeAt: number;
  ttlSeconds: number;
}

export interface PushSenderDeps {
  vapid: VapidKeys;
  /** The VAPID subject (mailto: or https:). */
  contact: string;
  services: readonly PushService[];
  now: Clock;
  scheduler: Scheduler;
  log: Logger;
  /** A subscription the push service says is gone. */
  onGone: (subscriptionId: string) => void;
  /** Requests in flight at most. */
  concurrency?: number;
  /** Jobs waiting at most; more are dropped (and counted). */
  maxQueued?: number;
}

export interface PushStats {
  sent: number;
  gone: number;
  retried: number;
  /** Dropped: stale, refused by the service, or the queue was full. */
  dropped: number;
  queued: number;
  inFlight: number;
}

const FIRST_RETRY_MS = 1000;
/** A VAPID token is signed once per push service and used for 12 hours (RFC 8292 allows 24), made again an hour before it ends. */
const VAPID_VALID_S = 12 * 3600;
const VAPID_RENEW_S = 3600;
const MAX_RETRY_MS = 60_000;

export class PushSender {
  private queue: { job: PushJob; attempt: number }[] = [];
  private inFlight = 0;
  private closed = false;
  private retries = new Set<() => void>();
  private failures: ThrottledLog;
  /** Connections to each push service are kept open: a TLS handshake per alert would cost more than the alert. */
  private agent: Agent;
  /** Signing a token costs more than encrypting an alert: one per push-service origin, kept. */
  private vapidTokens = new Map<string, { authorization: string; expires: number }>();
  readonly stats: PushStats = { sent: 0, gone: 0, retried: 0, dropped: 0, queued: 0, inFlight: 0 };

  constructor(private deps: PushSenderDeps) {
    this.agent = new Agent({ keepAlive: true, maxSockets: deps.concurrency ?? 16 });
    this.failures = new ThrottledLog(deps.log, 'warn', 'alert not delivered', { perWindow: 20, windowMs: 60_000, now: deps.now });
  }

  enqueue(job: PushJob): void {
    if (this.closed) return;
    if (this.queue.length >= (this.deps.maxQueued ?? 100_000)) {
      this.stats.dropped++;
      this.failures.note({ reason: 'queue full' });
      return;
    }
    this.queue.push({ job, attempt: 0 });
    this.pump();
  }

  close(): void {
    this.closed = true;
    this.queue.length = 0;
    for (const cancel of this.retries) cancel();
    this.retries.clear();
    this.agent.destroy();
  }

  private pump(): void {
    const limit = this.deps.concurrency ?? 16;
    while (!this.closed && this.inFlight < limit && this.queue.length > 0) {
      const next = this.queue.shift()!;
      this.inFlight++;
      void this.send(next.job, next.attempt).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
    this.stats.queued = this.queue.length;
    this.stats.inFlight = this.inFlight;
  }

  private async send(job: PushJob, attempt: number): Promise<void> {
    const ageSeconds = (this.deps.now() - job.madeAt) / 1000;
    const ttl = Math.floor(job.ttlSeconds - ageSeconds);
    if (ttl <= 0) {
      this.stats.dropped++;
      return;
    }
    // Checked when stored, and again here: nothing leaves for an address outside the list.
    const problem = endpointProblem(job.subscription.endpoint, this.deps.services);
    if (problem) {
      this.stats.dropped++;
      this.failures.note({ subscriptionId: job.subscriptionId, reason: problem });
      return;
    }
    try {
      await webpush.sendNotification(job.subscription, job.payload, {
        // The token is given as a header (and no vapidDetails), so web-push does not sign one per alert.
        headers: { Authorization: this.vapidAuthorization(new URL(job.subscription.endpoint).origin) },
        TTL: ttl,
        urgency: 'high',
        timeout: 10_000,
        agent: this.agent,
      });
      this.stats.sent++;
    } catch (err) {
      const status = err instanceof WebPushError ? err.statusCode : null;
      if (status === 404 || status === 410) {
        this.stats.gone++;
        this.deps.onGone(job.subscriptionId);
        return;
      }
      // No answer (a network failure), too many requests, or the service failing: later.
      const network = status === null && typeof (err as NodeJS.ErrnoException).code === 'string';
      if (network || (status !== null && (status === 429 || status >= 500))) {
        this.retryLater(job, attempt, err instanceof WebPushError ? err.headers?.['retry-after'] : undefined);
        return;
      }
      this.stats.dropped++;
      this.failures.note({ subscriptionId: job.subscriptionId, status, reason: 'refused by the push service' });
    }
  }

  private vapidAuthorization(audience: string): string {
    const nowS = Math.floor(this.deps.now() / 1000);
    const kept = this.vapidTokens.get(audience);
    if (kept && kept.expires - nowS > VAPID_RENEW_S) return kept.authorization;
    const { vapid, contact } = this.deps;
    const expires = nowS + VAPID_VALID_S;
    const authorization = webpush.getVapidHeaders(audience, contact, vapid.publicKey, vapid.privateKey, 'aes128gcm', expires).Authorization;
    this.vapidTokens.set(audience, { authorization, expires });
    return authorization;
  }

  /** Backoff doubling from a second, or the service's Retry-After; dropped if it would arrive stale. */
  private retryLater(job: PushJob, attempt: number, retryAfter: string | undefined): void {
    const asked = retryAfter !== undefined && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : 0;
    const delay = Math.max(asked, Math.min(FIRST_RETRY_MS * 2 ** attempt, MAX_RETRY_MS));
    if (this.closed || this.deps.now() + delay >= job.madeAt + job.ttlSeconds * 1000) {
      this.stats.dropped++;
      this.failures.note({ subscriptionId: job.subscriptionId, reason: 'push service unavailable until the alert went stale' });
      return;
    }
    this.stats.retried++;
    const cancel = this.deps.scheduler.after(delay, () => {
      this.retries.delete(cancel);
      if (this.closed) return;
      this.queue.unshift({ job, attempt: attempt + 1 });
      this.pump();
    });
    this.retries.add(cancel);
  }
}
