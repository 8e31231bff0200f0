// Sends alerts to push services (web-push: VAPID, RFC 8291 encryption), off the path that scores
// reads: jobs wait in a bounded queue and a few dozen are in flight at a time, encrypted and sent
// by worker threads (push-threads.ts). A 404 or 410 means the browser dropped the subscription;
// 429, 5xx and network failures are tried again later, but never past the alert's time to live: a
// late "passed 30 km" is worse than none.
import { availableParallelism } from 'node:os';
import type { Logger } from 'pino';
import webpush from 'web-push';
import type { PushSubscriptionJson } from '../../shared/alerts';
import type { Clock, Scheduler } from '../../shared/clock';
import { ThrottledLog } from '../throttled-log';
import { endpointProblem, type PushService } from './push-services';
import type { VapidKeys } from './vapid-keys';
import { PushThreads } from './push-threads';

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
  /** Requests in flight at most (a push service answers in tens of milliseconds: enough to cover that). */
  concurrency?: number;
  /** Threads that encrypt and send; by default one per core but the main thread's, at most two. */
  threads?: number;
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
  /** Age of the oldest alert waiting, ms (0: none waiting): how far sending is behind. */
  oldestQueuedMs: number;
}

const FIRST_RETRY_MS = 1000;
/** A VAPID token is signed once per push service and used for 12 hours (RFC 8292 allows 24), made again an hour before it ends. */
const VAPID_VALID_S = 12 * 3600;
const VAPID_RENEW_S = 3600;
const MAX_RETRY_MS = 60_000;
const CONCURRENCY = 64;
const SEND_TIMEOUT_MS = 10_000;

export class PushSender {
  /** Waiting jobs from `head` on: taken by moving an index, as shift() copies a long queue each time. */
  private queue: { job: PushJob; attempt: number }[] = [];
  private head = 0;
  private inFlight = 0;
  private closed = false;
  private retries = new Set<() => void>();
  private failures: ThrottledLog;
  private threads: PushThreads;
  /** Signing a token costs more than encrypting an alert: one per push-service origin, kept. */
  private vapidTokens = new Map<string, { authorization: string; expires: number }>();
  readonly stats: PushStats = { sent: 0, gone: 0, retried: 0, dropped: 0, queued: 0, inFlight: 0, oldestQueuedMs: 0 };

  constructor(private deps: PushSenderDeps) {
    this.threads = new PushThreads(deps.threads ?? Math.max(1, Math.min(2, availableParallelism() - 1)));
    this.failures = new ThrottledLog(deps.log, 'warn', 'alert not delivered', { perWindow: 20, windowMs: 60_000, now: deps.now });
  }

  enqueue(job: PushJob): void {
    if (this.closed) return;
    if (this.queue.length - this.head >= (this.deps.maxQueued ?? 100_000)) {
      this.stats.dropped++;
      this.failures.note({ reason: 'queue full' });
      return;
    }
    this.queue.push({ job, attempt: 0 });
    this.pump();
  }

  /** Start the sending threads now (there are subscribers), not with the first alert: a thread takes a moment to start. */
  warm(): void {
    if (!this.closed) this.threads.start();
  }

  close(): void {
    this.closed = true;
    this.queue.length = 0;
    this.head = 0;
    for (const cancel of this.retries) cancel();
    this.retries.clear();
    this.threads.close();
  }

  private pump(): void {
    const limit = this.deps.concurrency ?? CONCURRENCY;
    while (!this.closed && this.inFlight < limit && this.head < this.queue.length) {
      const next = this.queue[this.head++];
      this.inFlight++;
      void this.send(next.job, next.attempt).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
    // The taken part is let go once it is most of the array.
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.stats.queued = this.queue.length - this.head;
    this.stats.inFlight = this.inFlight;
    this.stats.oldestQueuedMs = this.stats.queued > 0 ? this.deps.now() - this.queue[this.head].job.madeAt : 0;
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
    const answer = await this.threads.send({
      subscription: job.subscription,
      payload: job.payload,
      authorization: this.vapidAuthorization(new URL(job.subscription.endpoint).origin),
      ttl,
      timeoutMs: SEND_TIMEOUT_MS,
    });
    if (this.closed) return;
    if (answer.ok) {
      this.stats.sent++;
      return;
    }
    const { status } = answer;
    if (status === 404 || status === 410) {
      this.stats.gone++;
      this.deps.onGone(job.subscriptionId);
      return;
    }
    // No answer (a network failure), too many requests, or the service failing: later.
    if (answer.network || (status !== null && (status === 429 || status >= 500))) {
      this.retryLater(job, attempt, answer.retryAfter);
      return;
    }
    this.stats.dropped++;
    this.failures.note({ subscriptionId: job.subscriptionId, status, reason: status === null ? (answer.message ?? 'not sent') : 'refused by the push service' });
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
      // Ahead of the waiting ones: it is the oldest.
      if (this.head > 0) this.queue[--this.head] = { job, attempt: attempt + 1 };
      else this.queue.unshift({ job, attempt: attempt + 1 });
      this.pump();
    });
    this.retries.add(cancel);
  }
}
