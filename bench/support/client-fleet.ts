// Many spectator clients spread over worker threads, so one event loop does not receive them all.
// A round: arm every worker, trigger something (a read, a bare broadcast), and collect when each
// client received the resulting race:update, as latencies from the trigger.
import { Worker } from 'node:worker_threads';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RaceUpdate } from '../../shared/socket-events';
import type { WorkerCommand, WorkerReply } from './client-worker';
import { clock } from './stats';

const WORKER = pathToFileURL(resolve(import.meta.dirname, 'client-worker.ts')).href;
// Worker threads do not inherit tsx's loader: register it inside the worker, then load the file.
const BOOTSTRAP = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER)}); });`;

interface Lane {
  worker: Worker;
  replies: WorkerReply[];
  waiters: { resolve: (r: WorkerReply) => void; reject: (err: Error) => void }[];
  ready: Promise<WorkerReply>;
}

export class ClientFleet {
  private lanes: Lane[];
  private failure: Error | null = null;

  constructor(workers: number, subscription: { eventId: string; raceId: string }) {
    this.lanes = Array.from({ length: workers }, () => {
      const worker = new Worker(BOOTSTRAP, { eval: true, workerData: subscription });
      const lane = { worker, replies: [], waiters: [] } as unknown as Lane;
      worker.on('message', (m: WorkerReply) => {
        const waiter = lane.waiters.shift();
        if (waiter) waiter.resolve(m);
        else lane.replies.push(m);
      });
      worker.on('error', (err: Error) => {
        this.failure = err;
        for (const w of lane.waiters.splice(0)) w.reject(err);
      });
      lane.ready = this.next(lane, 60_000);
      return lane;
    });
  }

  get workers(): number {
    return this.lanes.length;
  }

  /** Add `count` clients on `url`, spread evenly over the workers. Resolves with the total held. */
  async connect(url: string, count: number): Promise<number> {
    const per = this.lanes.map((_, i) => Math.floor(count / this.lanes.length) + (i < count % this.lanes.length ? 1 : 0));
    const replies = await Promise.all(this.lanes.map((lane, i) => this.ask(lane, { type: 'connect', url, count: per[i] })));
    return replies.reduce((n, r) => n + (r.type === 'connected' ? r.total : 0), 0);
  }

  /** One round: latencies in ms of every client, and the payload one of them received. */
  async round(round: number, trigger: () => Promise<void> | void, timeoutMs = 60_000): Promise<{ latencies: number[]; payload: RaceUpdate | null }> {
    await Promise.all(this.lanes.map((lane) => this.ask(lane, { type: 'arm', round })));
    const done = Promise.all(this.lanes.map((lane) => this.next(lane, timeoutMs)));
    const t0 = clock();
    await trigger();
    const replies = await done;
    const latencies: number[] = [];
    let payload: RaceUpdate | null = null;
    for (const r of replies) {
      if (r.type !== 'round' || r.round !== round) throw new Error(`unexpected reply ${r.type} in round ${round}`);
      for (const t of r.times) latencies.push(t - t0);
      payload ??= r.payload;
    }
    return { latencies, payload };
  }

  async close(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => this.ask(lane, { type: 'close' }).catch(() => undefined)));
    await Promise.all(this.lanes.map((lane) => lane.worker.terminate()));
  }

  private async ask(lane: Lane, command: WorkerCommand, timeoutMs = 600_000): Promise<WorkerReply> {
    await lane.ready;
    const reply = this.next(lane, timeoutMs);
    lane.worker.postMessage(command);
    return reply;
  }

  private next(lane: Lane, timeoutMs: number): Promise<WorkerReply> {
    const queued = lane.replies.shift();
    if (queued) return Promise.resolve(queued);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`no answer from a client worker within ${timeoutMs} ms`)), timeoutMs);
      lane.waiters.push({
        resolve: (r) => {
          clearTimeout(timer);
          res(r);
        },
        reject: (err) => {
          clearTimeout(timer);
          rej(err);
        },
      });
    });
  }
}
