// The race as it was, on the primary: one timeline per event, built from the engine's scored reads
// (set-aside reads left out, device clock offsets applied) and built again when the engine changed
// since. Built on the first question, not at start-up: most events are never looked back at.
import { Timeline, type TimedRead } from '../../shared/engine/time-travel';
import type { EventEngine } from '../../shared/engine/event-engine';

export class History {
  private timelines = new Map<string, { version: number; timeline: Timeline }>();

  constructor(private engineOf: (eventId: string) => EventEngine | undefined) {}

  /** The event's timeline, current with its engine; undefined for an unknown event. */
  timeline(eventId: string): Timeline | undefined {
    const engine = this.engineOf(eventId);
    if (!engine) {
      this.timelines.delete(eventId);
      return undefined;
    }
    const cached = this.timelines.get(eventId);
    if (cached && cached.version === engine.version) return cached.timeline;
    const timeline = Timeline.build(engine.event, scoredReads(engine));
    this.timelines.set(eventId, { version: engine.version, timeline });
    return timeline;
  }
}

export function scoredReads(engine: EventEngine): TimedRead[] {
  const out: TimedRead[] = [];
  for (const { bib } of engine.event.entrants) {
    for (const r of engine.readsOf(bib)) out.push({ bib, point: r.point, time: engine.correctedTime(r), seq: r.seq });
  }
  return out;
}
