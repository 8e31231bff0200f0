// Sends planned reads through the real HTTP ingest as the race clock reaches them, batched per mat,
// and re-sends whatever was not acknowledged.
import type { ReadInput } from '../../shared/reads';
import { postReads, ReadPostError } from '../ingest/read-poster';

/** A read to send when the race clock reaches its time (epoch ms). */
export type TimedReadInput = ReadInput & { time: number };

export interface FeederOptions {
  url: string;
  token: string;
  eventId: string;
  reads: readonly TimedReadInput[];
  /** Race clock over real time; the clock starts at `clockStart` (epoch ms). */
  speed: number;
  clockStart: number;
  batchSize?: number;
  tickMs?: number;
  onError?: (message: string) => void;
}

export interface FeederStats {
  sent: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  failedRequests: number;
}

export class Feeder {
  private next = 0;
  private queue: TimedReadInput[] = [];
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private wallStart = 0;
  private paused = false;
  readonly stats: FeederStats = { sent: 0, accepted: 0, duplicates: 0, rejected: 0, failedRequests: 0 };

  constructor(private options: FeederOptions) {}

  start(): void {
    this.paused = false;
    this.wallStart = Date.now();
    this.timer = setInterval(() => void this.tick(), this.options.tickMs ?? 250);
    void this.tick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Hold the race clock where it is; resume() goes on from there, at a new speed if given. */
  pause(): void {
    if (this.timer) {
      this.options.clockStart = this.clock();
      this.stop();
    }
    this.paused = true;
  }

  resume(speed = this.options.speed): void {
    if (this.timer) this.pause();
    this.options.speed = speed;
    this.start();
  }

  get running(): boolean {
    return this.timer !== null;
  }

  /** Reads handed to the ingest (or waiting to be), of all. */
  get progress(): { due: number; total: number } {
    return { due: this.next - this.queue.length, total: this.options.reads.length };
  }

  /** Race clock before which every read was sent and acknowledged: where a restarted player goes on from. */
  acknowledged(): number {
    const reads = this.options.reads;
    if (this.queue.length > 0) return this.queue[0].time;
    return this.next < reads.length ? Math.min(reads[this.next].time, this.clock()) : this.clock();
  }

  get done(): boolean {
    return this.next >= this.options.reads.length && this.queue.length === 0;
  }

  clock(): number {
    if (this.paused) return this.options.clockStart;
    return this.options.clockStart + (Date.now() - this.wallStart) * this.options.speed;
  }

  /** Send everything due; exposed so tests and tools can drive the feeder without a timer. */
  async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const clock = this.clock();
      const reads = this.options.reads;
      while (this.next < reads.length && reads[this.next].time <= clock) this.queue.push(reads[this.next++]);
      while (this.queue.length > 0) {
        const batch = this.queue.slice(0, this.options.batchSize ?? 500);
        if (!(await this.post(batch))) break;
        this.queue.splice(0, batch.length);
      }
    } finally {
      this.busy = false;
    }
  }

  /** One try: a batch that failed in a way that passes (or on the token) is sent again at the next tick. */
  private async post(batch: TimedReadInput[]): Promise<boolean> {
    try {
      const answer = await postReads(this.options, batch, { timeoutMs: 30_000 });
      this.stats.accepted += answer.accepted;
      this.stats.duplicates += answer.duplicates;
      this.stats.rejected += answer.rejected.length;
    } catch (err) {
      if (!(err instanceof ReadPostError)) throw err;
      // A batch refused as malformed would be refused again: it counts as sent.
      if (err.passing || err.status === 401 || err.status === 403) {
        this.stats.failedRequests++;
        this.options.onError?.(err.message);
        return false;
      }
    }
    this.stats.sent += batch.length;
    return true;
  }
}
