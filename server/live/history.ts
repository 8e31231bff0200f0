// The race as it was, on the primary: one timeline per event, following its engine. Made once, at
// the first question about the event's past, from the engine's scored reads, a
// stage per read (projections before that moment made from each runner's own splits, the newest
// the engine's) — a small event at once, a large one in a worker thread — and from
// then on grown from the engine's changes after each publication: a changed runner's scored reads
// and entry are handed to the timeline, which appends or patches from the moment that changed.
// So the past is never more than one coalescing window behind live, and no rebuild runs in a race.
import type { Clock } from '../../shared/clock';
import type { EventEngine } from '../../shared/engine/event-engine';
import { Timeline, type TimedRead, type TimelineData } from '../../shared/engine/time-travel';
import { startWorkerThread } from '../worker-thread';
import { packReads } from './packed-reads';

/** Up to this many scored reads a timeline is built on the event loop (about 2 s on 2 busy shared cores). */
export const SYNC_BUILD_READS = 5_000;

export interface HistoryOptions {
  syncBuildReads?: number;
  onBuildError?: (eventId: string, message: string) => void;
  /** When a set-up change (a DQ, a move, privacy) takes effect in the past: the moment it is seen. */
  now?: Clock;
}

interface Followed {
  engine: EventEngine;
  /** Null while the first build runs in a worker. */
  timeline: Timeline | null;
}

export class History {
  private followed = new Map<string, Followed>();
  /** Worker builds wait their turn: two cores are shared with ingest and spectators. */
  private queue: (() => void)[] = [];
  private building = false;

  constructor(
    private engineOf: (eventId: string) => EventEngine | undefined,
    private options: HistoryOptions = {},
  ) {}

  /** The event's timeline, up to date with its engine; 'building' while the first is made; undefined for an unknown event. */
  timeline(eventId: string): Timeline | 'building' | undefined {
    const engine = this.engineOf(eventId);
    if (!engine) {
      this.followed.delete(eventId);
      return undefined;
    }
    let followed = this.followed.get(eventId);
    if (!followed || followed.engine !== engine) followed = this.follow(eventId, engine);
    if (!followed.timeline) return 'building';
    this.catchUp(followed);
    return followed.timeline;
  }

  /**
   * After each publication: every timeline followed takes what its engine changed since. An event
   * is followed from the first question about its past (most are never looked back at, and a
   * restart must not wait for them); from then on it grows, never built again.
   */
  catchUpAll(eventIds: Iterable<string>): void {
    const ids = new Set(eventIds);
    for (const id of this.followed.keys()) if (!ids.has(id)) this.followed.delete(id);
    for (const id of this.followed.keys()) void this.timeline(id);
  }

  private follow(eventId: string, engine: EventEngine): Followed {
    // Everything the engine changes from here on reaches the timeline, built or still building.
    engine.trackTouched();
    engine.takeTouched();
    const followed: Followed = { engine, timeline: null };
    this.followed.set(eventId, followed);
    let count = 0;
    for (const { bib } of engine.event.entrants) count += engine.readCount(bib);
    if (count <= (this.options.syncBuildReads ?? SYNC_BUILD_READS)) {
      followed.timeline = Timeline.resume(engine.event, scoredReads(engine));
      followed.timeline.takeLive((bib) => engine.runner(bib));
    }
    else this.enqueue(() => this.buildAside(eventId, followed));
    return followed;
  }

  private enqueue(build: () => void): void {
    this.queue.push(build);
    this.next();
  }

  private next(): void {
    if (this.building) return;
    const build = this.queue.shift();
    if (!build) return;
    this.building = true;
    build();
  }

  private buildAside(eventId: string, followed: Followed): void {
    if (this.followed.get(eventId) !== followed) {
      this.building = false;
      return this.next();
    }
    const setup = followed.engine.event;
    const packed = packReads(setup, scoredReads(followed.engine));
    const worker = startWorkerThread('live/timeline-worker', {
      workerData: { setup, packed },
      transferList: [packed.runner.buffer, packed.point.buffer, packed.time.buffer, packed.seq.buffer] as ArrayBuffer[],
    });
    worker.unref();
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      this.building = false;
      this.next();
    };
    worker.once('message', (data: TimelineData) => {
      // Made for the set-up it started from; what changed since comes in through catchUp.
      const timeline = Timeline.fromData(setup, data);
      timeline.takeLive((bib) => (followed.engine.entrant(bib) ? followed.engine.runner(bib) : undefined));
      followed.timeline = timeline;
      this.catchUp(followed);
      void worker.terminate();
      done();
    });
    worker.once('error', (err: Error) => {
      // Followed again (a new build) at the next question.
      if (this.followed.get(eventId) === followed) this.followed.delete(eventId);
      this.options.onBuildError?.(eventId, err.message);
      done();
    });
    worker.once('exit', done);
  }

  private catchUp(followed: Followed): void {
    const { engine, timeline } = followed;
    if (!timeline) return;
    try {
      if (engine.event !== timeline.setup) timeline.setSetup(engine.event);
      const moment = (this.options.now ?? Date.now)();
      for (const bib of engine.takeTouched()) {
        const entrant = engine.entrant(bib);
        timeline.observe(bib, entrant ? { entrant, reads: engine.scoredReadsOf(bib), detail: engine.runner(bib)! } : null, moment);
      }
    } catch (err) {
      // The past must never stop the live race from being published: this timeline is dropped and
      // made again from the engine at the next question.
      for (const [eventId, f] of this.followed) {
        if (f !== followed) continue;
        this.followed.delete(eventId);
        this.options.onBuildError?.(eventId, (err as Error).message);
      }
    }
  }
}

/** Every runner's reads as the engine scores them: what a timeline is built from. */
export function scoredReads(engine: EventEngine): TimedRead[] {
  const out: TimedRead[] = [];
  let seq = 0;
  for (const { bib } of engine.event.entrants) for (const r of engine.scoredReadsOf(bib)) out.push({ bib, point: r.point, time: r.time, seq: ++seq });
  return out;
}
