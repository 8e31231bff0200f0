// The primary's history: a large event's first timeline is built in a worker thread, off the event
// loop, and answers as one built at once; from then on the same timeline grows with the engine's
// changes (reads that came while it was built included), never built again.
import { describe, expect, it } from 'vitest';
import { EventEngine } from '../shared/engine/event-engine';
import { Timeline } from '../shared/engine/time-travel';
import { History, scoredReads } from '../server/live/history';
import { marathonEvent } from '../bench/support/marathon';
import { planReads } from '../server/simulator/plan';
import { waitFor } from './support/wait-for';

describe('history on the primary', () => {
  const setup = marathonEvent(120);
  const engine = new EventEngine(setup);
  const planned = planReads(setup, { seed: 5 }).sort((a, b) => a.time - b.time);
  const half = Math.floor(planned.length / 2);
  const apply = (from: number, to: number) =>
    planned.slice(from, to).forEach((r, i) => engine.applyRead({ seq: from + i + 1, point: r.point, chip: r.chip, bib: null, time: r.time, device: null }));
  apply(0, half);

  it('builds a large event in a worker, then grows the same timeline', async () => {
    const history = new History(() => engine, { syncBuildReads: 0 });
    expect(history.timeline('majors')).toBe('building');
    // Reads that come while the worker builds reach the timeline once it is there.
    apply(half, half + 100);
    const built = (await waitFor(async () => history.timeline('majors'), (t) => t instanceof Timeline, 'the timeline built in a worker', 60_000)) as Timeline;
    const reference = Timeline.build(setup, scoredReads(engine));
    const at = (reference.from! + reference.to!) / 2;
    const rows = (t: Timeline) => t.leaderboardAt('marathon', at)!.entries.map((e) => [e.bib, e.status, e.places, e.lastPoint, e.netTime]);
    expect(rows(built)).toEqual(rows(reference));
    expect(built.runnerAt('7', at)!.splits).toEqual(reference.runnerAt('7', at)!.splits);

    // The rest of the race: the same timeline, up to the last read at once.
    apply(half + 100, planned.length);
    expect(history.timeline('majors')).toBe(built);
    expect(built.to).toBe(planned[planned.length - 1].time);
    const end = built.to!;
    expect(built.leaderboardAt('marathon', end)!.counters).toEqual(engine.counters('marathon'));
    for (const bib of ['1', '60', '120']) expect(built.runnerAt(bib, end)).toEqual(engine.runner(bib));
  }, 120_000);
});
