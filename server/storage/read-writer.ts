// Appends to the read log from a worker thread (read-writer-worker.ts) with group commit. A
// promise resolves only after the transaction holding its reads was committed with
// synchronous=FULL, i.e. fsynced: the same promise to devices as the synchronous ReadLog.append.
import type { Worker } from 'node:worker_threads';
import { startWorkerThread } from '../worker-thread';
import type { NewRead } from './read-log';

export interface WriterRequest {
  id: number;
  eventId: string;
  deviceId: string;
  reads: NewRead[];
  receivedAt: number;
}

/** Per read, its log seq, or null for a read already in the log. */
export type WriterAnswer = { id: number; seqs: (number | null)[]; commit: number } | { id: number; error: string };

export class ReadWriter {
  private worker: Worker;
  private pending = new Map<number, { resolve: (seqs: (number | null)[]) => void; reject: (err: Error) => void }>();
  private nextId = 1;
  private failure: Error | null = null;
  private exited: Promise<void>;
  /** Commits that stored answered requests so far (fewer than requests when they were grouped). */
  commits = 0;
  /** Resolves when the thread has opened the file and takes requests. */
  readonly ready: Promise<void>;

  constructor(dataDir: string) {
    // The thread holds a batch at a time: a small young generation keeps its garbage (the copies of
    // the batches it was sent) from growing the process's memory.
    this.worker = startWorkerThread('storage/read-writer-worker', { workerData: { dataDir }, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    let started = () => {};
    this.ready = new Promise((res, rej) => {
      started = res;
      this.worker.once('error', rej);
      this.worker.once('exit', () => rej(new Error('the read log writer stopped before it started')));
    });
    // A start failure is reported through `ready`; later ones through the requests.
    this.ready.catch(() => undefined);
    this.worker.on('message', (answer: WriterAnswer | { ready: true }) => {
      if ('ready' in answer) return started();
      const waiter = this.pending.get(answer.id);
      if (!waiter) return;
      this.pending.delete(answer.id);
      if ('error' in answer) waiter.reject(new Error(`reads not stored: ${answer.error}`));
      else {
        this.commits = Math.max(this.commits, answer.commit);
        waiter.resolve(answer.seqs);
      }
    });
    this.worker.on('error', (err: Error) => this.fail(err));
    this.exited = new Promise((res) =>
      this.worker.once('exit', () => {
        this.fail(new Error('the read log writer stopped'));
        res();
      }),
    );
  }

  /** Store `reads` and touch the device, durably. Resolves with each read's seq (null: a duplicate). */
  append(eventId: string, deviceId: string, reads: NewRead[], receivedAt: number): Promise<(number | null)[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((res, rej) => {
      this.pending.set(id, { resolve: res, reject: rej });
      this.worker.postMessage({ id, eventId, deviceId, reads, receivedAt } satisfies WriterRequest);
    });
  }

  /** Commit what is queued, then stop the thread. */
  async close(): Promise<void> {
    if (!this.failure) this.worker.postMessage({ close: true });
    await this.exited;
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const waiter of this.pending.values()) waiter.reject(this.failure);
    this.pending.clear();
  }
}
