// The push-sending threads (push-send-worker.ts) seen from the main thread: a request goes to the
// thread with the fewest in flight and its answer comes back as a promise. Requests go to a thread
// in batches, one message per turn of the event loop, and answers come back the same way: at a
// major's finish hour a message per alert each way cost the main thread more than the alerts.
// Threads start with the first subscriber (or alert), so a server nobody subscribes to never starts them.
import type { Worker } from 'node:worker_threads';
import type { PushSubscriptionJson } from '../../shared/alerts';
import { startWorkerThread } from '../worker-thread';

export interface PushSendRequest {
  id: number;
  subscription: PushSubscriptionJson;
  payload: string;
  /** The VAPID header, signed once per push service on the main thread. */
  authorization: string;
  ttl: number;
  timeoutMs: number;
}

export type PushSendAnswer =
  | { id: number; ok: true }
  /** `status` null: no answer (`network`: a connection failure, worth trying again). */
  | { id: number; ok: false; status: number | null; retryAfter?: string; network?: boolean; message?: string };

interface Thread {
  worker: Worker;
  waiting: Map<number, (answer: PushSendAnswer) => void>;
  /** Requests of this turn, posted together. */
  outbox: PushSendRequest[];
}

export class PushThreads {
  private threads: Thread[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private count: number) {}

  send(request: Omit<PushSendRequest, 'id'>): Promise<PushSendAnswer> {
    if (this.closed) return Promise.resolve({ id: 0, ok: false, status: null, message: 'closed' });
    if (this.threads.length === 0) this.start();
    const thread = this.threads.reduce((a, b) => (b.waiting.size < a.waiting.size ? b : a));
    const id = this.nextId++;
    return new Promise((resolve) => {
      thread.waiting.set(id, resolve);
      if (thread.outbox.push({ ...request, id }) === 1) setImmediate(() => this.flush(thread));
    });
  }

  private flush(thread: Thread): void {
    const batch = thread.outbox;
    thread.outbox = [];
    if (batch.length > 0 && this.threads.includes(thread)) thread.worker.postMessage(batch);
  }

  close(): void {
    this.closed = true;
    for (const t of this.threads) {
      t.worker.postMessage({ close: true });
      for (const resolve of t.waiting.values()) resolve({ id: 0, ok: false, status: null, message: 'closed' });
      t.waiting.clear();
      // A thread still waiting on a push service is not waited for.
      setTimeout(() => void t.worker.terminate(), 1000).unref();
    }
  }

  /** Starts the threads, unless they run. */
  start(): void {
    if (this.threads.length > 0 || this.closed) return;
    for (let i = 0; i < this.count; i++) {
      const thread: Thread = { worker: startWorkerThread('push/push-send-worker', { resourceLimits: { maxYoungGenerationSizeMb: 16 } }), waiting: new Map(), outbox: [] };
      thread.worker.unref();
      thread.worker.on('message', (answers: PushSendAnswer[]) => {
        for (const answer of answers) {
          const resolve = thread.waiting.get(answer.id);
          thread.waiting.delete(answer.id);
          resolve?.(answer);
        }
      });
      // A thread that fails answers its alerts as not sent (tried again later) and is replaced.
      const fail = (err: unknown) => {
        for (const resolve of thread.waiting.values()) resolve({ id: 0, ok: false, status: null, network: true, message: String(err) });
        thread.waiting.clear();
        thread.outbox = [];
        this.threads = this.threads.filter((t) => t !== thread);
      };
      thread.worker.on('error', fail);
      thread.worker.on('exit', () => fail('the push thread stopped'));
      this.threads.push(thread);
    }
  }
}
