// Sends planned reads through the real HTTP ingest as the race clock reaches them, batched per mat,
// and re-sends whatever was not acknowledged.
import type { ReadInput } from '../../shared/reads';

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

  private async post(batch: TimedReadInput[]): Promise<boolean> {
    try {
      const res = await fetch(new URL(`/api/events/${encodeURIComponent(this.options.eventId)}/reads`, this.options.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.options.token}` },
        body: JSON.stringify({ reads: batch }),
        signal: AbortSignal.timeout(30_000),
      });
      const body = (await res.json()) as { accepted?: number; duplicates?: number; rejected?: unknown[]; error?: string };
      if (res.status >= 500 || res.status === 401 || res.status === 403 || res.status === 429) {
        this.stats.failedRequests++;
        this.options.onError?.(`ingest answered ${res.status}: ${body.error ?? ''}`);
        return false;
      }
      this.stats.sent += batch.length;
      this.stats.accepted += body.accepted ?? 0;
      this.stats.duplicates += body.duplicates ?? 0;
      this.stats.rejected += body.rejected?.length ?? 0;
      return true;
    } catch (err) {
      this.stats.failedRequests++;
      this.options.onError?.(`ingest unreachable: ${(err as Error).message}`);
      return false;
    }
  }
}
