// The race as it was, on the primary: one timeline per event, built from the engine's scored reads
// (set-aside reads left out, device clock offsets applied) and built again when the engine changed
// since. Built on the first question, not at start-up: most events are never looked back at. A small
// event is built at once; a large one in a worker thread (minutes at NYC scale), while questions
// are answered from the previous timeline, or told to come back when there is none yet.
import type { Worker } from 'node:worker_threads';
import type { EventEngine } from '../../shared/engine/event-engine';
import { Timeline, type TimedRead, type TimelineData } from '../../shared/engine/time-travel';
import { startWorkerThread } from '../worker-thread';
import { packReads } from './packed-reads';

/** Up to this many scored reads a timeline is built on the event loop (about 2 s on 2 busy shared cores). */
export const SYNC_BUILD_READS = 5_000;

export interface HistoryOptions {
  syncBuildReads?: number;
  onBuildError?: (eventId: string, message: string) => void;
}

export class History {
  private timelines = new Map<string, { version: number; timeline: Timeline }>();
  private building = new Set<string>();

  constructor(
    private engineOf: (eventId: string) => EventEngine | undefined,
    private options: HistoryOptions = {},
  ) {}

  /** The event's timeline (the newest built); 'building' while the first is made; undefined for an unknown event. */
  timeline(eventId: string): Timeline | 'building' | undefined {
    const engine = this.engineOf(eventId);
    if (!engine) {
      this.timelines.delete(eventId);
      return undefined;
    }
    const cached = this.timelines.get(eventId);
    if (cached && cached.version === engine.version) return cached.timeline;
    if (this.building.has(eventId)) return cached?.timeline ?? 'building';
    const version = engine.version;
    let count = 0;
    for (const { bib } of engine.event.entrants) count += engine.readCount(bib);
    if (count <= (this.options.syncBuildReads ?? SYNC_BUILD_READS)) {
      const timeline = Timeline.build(engine.event, scoredReads(engine));
      this.timelines.set(eventId, { version, timeline });
      return timeline;
    }
    this.buildAside(eventId, engine, version);
    return cached?.timeline ?? 'building';
  }

  private buildAside(eventId: string, engine: EventEngine, version: number): void {
    this.building.add(eventId);
    const setup = engine.event;
    const packed = packReads(setup, scoredReads(engine));
    const worker = startWorkerThread('live/timeline-worker', {
      workerData: { setup, packed },
      transferList: [packed.runner.buffer, packed.point.buffer, packed.time.buffer, packed.seq.buffer] as ArrayBuffer[],
    });
    worker.unref();
    const done = () => this.building.delete(eventId);
    worker.once('message', (data: TimelineData) => {
      done();
      // Kept only if the set-up is still the one it was built for.
      if (this.engineOf(eventId)?.event === setup) this.timelines.set(eventId, { version, timeline: Timeline.fromData(setup, data) });
      void worker.terminate();
    });
    worker.once('error', (err: Error) => {
      done();
      this.options.onBuildError?.(eventId, err.message);
    });
    worker.once('exit', done);
  }
}

export function scoredReads(engine: EventEngine): TimedRead[] {
  const out: TimedRead[] = [];
  for (const { bib } of engine.event.entrants) {
    for (const r of engine.readsOf(bib)) out.push({ bib, point: r.point, time: engine.correctedTime(r), seq: r.seq });
  }
  return out;
}
