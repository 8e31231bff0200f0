// Once reads stop after a burst, one full garbage collection, so the primary hands back the memory
// the burst made it grow. V8 keeps the pages its heap grew to during a burst of ingest (after a
// whole Boston field, about 360 MB of heap for 140 MB in use, RSS over 500 MB) until its own
// memory reducer gets to them, a minute or more later. A collection holds the event loop (a third
// to two thirds of a second for a Boston field), so it runs only when nothing has been published
// for a few windows, only when the heap grew by much since the last one, and never sooner than
// five times the last one took. Once that time is over it looks once more: what the answers to
// spectators made since (their garbage, a young generation grown again) is collected too.
import { getHeapStatistics } from 'node:v8';
import type { Logger } from 'pino';
import type { Scheduler } from '../../shared/clock';
import { fullCollection } from '../heap-collection';

/** Publication windows without a change after which reads count as stopped. */
const QUIET_WINDOWS = 4;
/** A heap grown by less than this since the last collection is not worth one. */
export const MIN_GROWTH_BYTES = 32 * 2 ** 20;
/** A collection's time times this is the least time to the next (it holds the loop only while reads have stopped). */
export const PAUSE_FACTOR = 5;

export interface IdleCollectorDeps {
  scheduler: Scheduler;
  coalesceMs: number;
  log: Logger;
  /** A full collection that gives memory back to the system; settles when done. */
  collect: () => Promise<void>;
  /** Caches outside the heap to empty first (e.g. a SQLite connection's pages). */
  release?: () => void;
  /** Bytes the heap holds from the system (used or not). */
  heapBytes?: () => number;
  /** A monotonic clock in ms; performance.now() unless a test drives it. */
  elapsed?: () => number;
}

export class IdleCollector {
  private cancelQuiet: (() => void) | null = null;
  private notBefore = 0;
  private closed = false;
  private collecting = false;
  private readonly heapBytes: () => number;
  private readonly elapsed: () => number;
  /** The heap's size after the last collection (at first, when the server started). */
  private baseline: number;

  constructor(private deps: IdleCollectorDeps) {
    this.heapBytes = deps.heapBytes ?? (() => getHeapStatistics().total_heap_size);
    this.elapsed = deps.elapsed ?? (() => performance.now());
    this.baseline = this.heapBytes();
  }

  /** Something was published: reads are still coming. */
  published(): void {
    if (this.closed) return;
    this.cancelQuiet?.();
    this.lookAfter(QUIET_WINDOWS * Math.max(this.deps.coalesceMs, 50));
  }

  close(): void {
    this.closed = true;
    this.cancelQuiet?.();
    this.cancelQuiet = null;
  }

  /** Whether a collection is worth it after `ms`, unless a publication re-arms the timer meanwhile. */
  private lookAfter(ms: number): void {
    this.cancelQuiet = this.deps.scheduler.after(ms, () => {
      this.cancelQuiet = null;
      this.collectIfWorth();
    });
  }

  private collectIfWorth(): void {
    const before = this.heapBytes();
    if (this.collecting || before - this.baseline < MIN_GROWTH_BYTES || this.elapsed() < this.notBefore) return;
    const started = this.elapsed();
    this.collecting = true;
    try {
      this.deps.release?.();
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message }, 'cache not emptied');
    }
    this.deps
      .collect()
      .then(() => {
        const took = this.elapsed() - started;
        this.notBefore = this.elapsed() + PAUSE_FACTOR * took;
        this.baseline = this.heapBytes();
        // Once more when the pause is over (a publication meanwhile has armed the quiet timer instead).
        if (!this.closed && !this.cancelQuiet) this.lookAfter(PAUSE_FACTOR * took);
        this.deps.log.info({ ms: Math.round(took), heapMb: Math.round(before / 2 ** 20), afterMb: Math.round(this.baseline / 2 ** 20) }, 'reads stopped: heap collected');
      })
      .catch((err: Error) => this.deps.log.warn({ err: err.message }, 'heap not collected'))
      .finally(() => {
        this.collecting = false;
      });
  }
}

/** The primary's collector. */
export function idleCollectorOf(scheduler: Scheduler, coalesceMs: number, log: Logger, release?: () => void): IdleCollector {
  return new IdleCollector({ scheduler, coalesceMs, log, collect: fullCollection(), release });
}
