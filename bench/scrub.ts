// Scrubbing the race back and forth at NYC scale (56,000 runners, 1.9 million reads): how long the
// timeline takes to build, what it holds in memory, and how fast a scrub answers — the standings
// page and one runner as at a random moment, as the race page asks for them.
import { Timeline, type TimedRead } from '../shared/engine/time-travel';
import { planReads } from '../server/simulator/plan';
import { marathonEvent } from './support/marathon';
import { seededRandom } from '../shared/random';
import { percentile, round } from './support/stats';
import type { Benchmark } from './support/types';

const TARGET_MS = 300;

export const scrubBenchmark: Benchmark = {
  name: 'scrub',
  async run({ quick, log }) {
    const event = marathonEvent(quick ? 150 : Number(process.env.BENCH_NYC_RUNNERS ?? 56_000));
    const planned = planReads(event, { multiReadRate: 0, unknownChips: 0 });
    const bibOf = new Map(event.entrants.map((e) => [e.chip!, e.bib]));
    const reads: TimedRead[] = planned.map((r, i) => ({ bib: bibOf.get(r.chip)!, point: r.point, time: r.time, seq: i + 1 }));
    log(`scrub: ${event.entrants.length} runners, ${reads.length} reads`);
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const timeline = Timeline.build(event, reads);
    const buildMs = performance.now() - started;
    global.gc?.();
    const heapAfter = process.memoryUsage().heapUsed;
    log(`scrub: timeline built in ${round(buildMs / 1000, 1)} s, ${round(timeline.bytes / 2 ** 20, 1)} MB of columns`);

    const random = seededRandom(11);
    const span = timeline.to! - timeline.from!;
    const scrubs = quick ? 20 : 40;
    const times: number[] = [];
    for (let i = 0; i < scrubs; i++) {
      const at = timeline.from! + random() * span;
      const t0 = performance.now();
      timeline.leaderboardAt('marathon', at, {}, 0, 100);
      timeline.runnerAt(String(1 + Math.floor(random() * event.entrants.length)), at);
      times.push(performance.now() - t0);
    }
    const p95 = round(percentile(times, 95), 1);
    const max = round(Math.max(...times), 1);
    log(`scrub: p50 ${round(percentile(times, 50), 1)} ms, p95 ${p95} ms, max ${max} ms`);
    return {
      figures: [
        { measure: 'scrub answer (top 100 + one runner), p50', value: round(percentile(times, 50), 1), unit: 'ms' },
        { measure: 'scrub answer, p95', value: p95, unit: 'ms', target: `<= ${TARGET_MS}`, met: p95 <= TARGET_MS },
        { measure: 'scrub answer, slowest', value: max, unit: 'ms' },
        { measure: 'timeline build (replay of every read)', value: round(buildMs / 1000, 1), unit: 's' },
        { measure: 'timeline columns', value: round(timeline.bytes / 2 ** 20, 1), unit: `MB (${timeline.stageCount} stages)` },
        { measure: 'timeline heap after GC', value: round((heapAfter - heapBefore) / 2 ** 20, 1), unit: 'MB' },
      ],
      details: { runners: event.entrants.length, reads: reads.length, scrubs, timesMs: times.map((t) => round(t, 1)), gcExposed: Boolean(global.gc) },
    };
  },
};
