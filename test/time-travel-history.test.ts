// The primary's history: a large event's timeline is built in a worker thread, off the event loop,
// and answers the same as one built at once; a stale one answers while the next is built.
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
  const planned = planReads(setup, { seed: 5 });
  const half = Math.floor(planned.length / 2);
  planned.slice(0, half).forEach((r, i) => engine.applyRead({ seq: i + 1, point: r.point, chip: r.chip, bib: null, time: r.time, device: null }));

  it('builds a large event in a worker, then answers as a timeline built at once', async () => {
    const history = new History(() => engine, { syncBuildReads: 0 });
    expect(history.timeline('majors')).toBe('building');
    const built = await waitFor(async () => history.timeline('majors'), (t) => t instanceof Timeline, 'the timeline built in a worker', 60_000);
    const reference = Timeline.build(setup, scoredReads(engine));
    const at = (reference.from! + reference.to!) / 2;
    expect((built as Timeline).leaderboardAt('marathon', at)).toEqual(reference.leaderboardAt('marathon', at));
    expect((built as Timeline).runnerAt('7', at)).toEqual(reference.runnerAt('7', at));

    // New reads: the previous timeline answers while the next one is built, then the new one.
    planned.slice(half).forEach((r, i) => engine.applyRead({ seq: half + i + 1, point: r.point, chip: r.chip, bib: null, time: r.time, device: null }));
    expect(history.timeline('majors')).toBe(built);
    await waitFor(async () => history.timeline('majors'), (t) => t instanceof Timeline && t !== built, 'the next timeline', 60_000);
    expect((history.timeline('majors') as Timeline).to).toBe(Math.max(...planned.map((r) => r.time)));
  }, 120_000);
});
