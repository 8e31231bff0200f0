// Answers about the past, kept while the past they describe has not moved: a timeline patch at or
// before their moment (a late read, a set-up change) makes them stale; reads after it do not. So
// spectators looking at the same second share one answer, however fast the race goes on.
import type { Timeline } from '../../shared/engine/time-travel';

const KEPT = 500;

interface Kept {
  timeline: Timeline;
  version: number;
  body: unknown;
}

export class MomentAnswers {
  private kept = new Map<string, Kept>();

  /** The answer kept for `key` at moment `at`, or a new one from `make` (null: nothing to answer, not kept). */
  get<T>(key: string, timeline: Timeline, at: number, make: () => T | null): T | null {
    const kept = this.kept.get(key);
    if (kept && kept.timeline === timeline && timeline.changedSince(kept.version) > at) {
      // Most recently used last: the oldest go first.
      this.kept.delete(key);
      this.kept.set(key, kept);
      return kept.body as T;
    }
    const body = make();
    if (body === null) return null;
    this.kept.delete(key);
    this.kept.set(key, { timeline, version: timeline.version, body });
    if (this.kept.size > KEPT) this.kept.delete(this.kept.keys().next().value!);
    return body;
  }
}
