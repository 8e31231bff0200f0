// Earlier years as a prior, in the race engine alone (pure: the history comes in with the set-up):
// it changes an early projection, gives way to the day's own runners as they show a different day,
// and an engine with a history is stood up again from its snapshot as it was.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import type { HistoryFile } from '../shared/course-history';
import { eventSetupSchema, type EventSetup } from '../shared/domain';
import type { EngineSnapshot } from '../shared/engine/engine-snapshot';
import { EventEngine } from '../shared/engine/event-engine';
import { summariseHistory } from '../shared/engine/history-summary';
import type { ProjectionPoint } from '../shared/engine/projection';
import { historyFromResults } from '../server/replay/history-file';
import { parseResultsFile } from '../server/replay/results-file';
import { engineWorkload, standingsDigest } from '../bench/support/engine-workload';
import { GUN } from './fixtures';

const MATS = [5000, 10_000, 15_000, 20_000, 25_000, 30_000, 35_000, 40_000];
const FINISH = 42_195;

function marathon(bibs: string[], history?: HistoryFile[]): EventSetup {
  return eventSetupSchema.parse({
    id: 'history-event',
    name: 'History test',
    date: '2026-04-17',
    races: [
      {
        id: 'm',
        name: 'Marathon',
        kind: 'point-to-point',
        distance: FINISH,
        gunTime: GUN,
        timingPoints: [
          { id: 'start', name: 'Start', kind: 'start', distance: 0 },
          ...MATS.map((d) => ({ id: `m${d}`, name: `${d} m`, kind: 'split', distance: d })),
          { id: 'finish', name: 'Finish', kind: 'finish', distance: FINISH },
        ],
        history,
      },
    ],
    entrants: bibs.map((bib) => ({ bib, name: `Runner ${bib}`, gender: 'F', age: 30, raceId: 'm' })),
  });
}

/** Net ms at each mat and the finish for a runner at `pace` ms/m whose pace grows by `fade` per segment after the first two. */
function splitsOf(pace: number, fade: number): ProjectionPoint[] {
  const out: ProjectionPoint[] = [];
  let net = 0;
  let previous = 0;
  let current = pace;
  [...MATS, FINISH].forEach((d, i) => {
    if (i >= 2) current *= fade;
    net += current * (d - previous);
    previous = d;
    out.push({ distance: d, net: Math.round(net) });
  });
  return out;
}

/** A past year on this course whose runners slowed by 4 % a segment from 10 km on. */
function fadingYear(): HistoryFile {
  const runs = Array.from({ length: 600 }, (_, i) => splitsOf(250 + (i % 60), 1.04));
  return { id: 'past', name: 'past.csv', uploadedAt: 0, runners: runs.length, finishers: runs.length, ...summariseHistory(runs, MATS, FINISH) };
}

/** Reads of runners at these paces (bib = index + 1), starting at the gun, in time order. */
function readsOf(runners: { pace: number; fade: number; through?: number }[]) {
  const reads: { bib: string; point: string; time: number }[] = [];
  runners.forEach(({ pace, fade, through }, i) => {
    const bib = String(i + 1);
    reads.push({ bib, point: 'start', time: GUN });
    for (const s of splitsOf(pace, fade)) {
      if (through !== undefined && s.distance > through) break;
      reads.push({ bib, point: s.distance === FINISH ? 'finish' : `m${s.distance}`, time: GUN + s.net });
    }
  });
  return reads.sort((a, b) => a.time - b.time);
}

function feed(engine: EventEngine, reads: { bib: string; point: string; time: number }[]): void {
  let seq = 0;
  for (const r of reads) engine.applyRead({ seq: ++seq, point: r.point, chip: null, bib: r.bib, time: r.time, device: null });
}

describe('a course history in the engine', () => {
  it('projects an early runner with the fade earlier years showed, where the day has shown nothing yet', () => {
    const history = fadingYear();
    const runner = [{ pace: 280, fade: 1, through: 10_000 }];
    const bare = new EventEngine(marathon(['1']));
    const withHistory = new EventEngine(marathon(['1'], [history]));
    feed(bare, readsOf(runner));
    feed(withHistory, readsOf(runner));
    const without = bare.runner('1')!.projectedNet!;
    const projected = withHistory.runner('1')!.projectedNet!;
    // Even pace from 10 km: 280 ms/m × 42,195 m ≈ 11,815 s; four per cent a segment more from there on.
    expect(without / 1000).toBeLessThan(12_100);
    expect(projected / 1000).toBeGreaterThan(13_000);
    const range = withHistory.runner('1')!.projectedRange!;
    expect(range[0]).toBeLessThanOrEqual(projected);
    expect(range[1]).toBeGreaterThanOrEqual(projected);
  });

  it('gives way to the day once its own runners of that pace have run even', () => {
    const history = fadingYear();
    // 400 runners of the day ran even all the way; then one more reaches 10 km.
    const day = Array.from({ length: 400 }, (_, i) => ({ pace: 270 + (i % 20), fade: 1 }));
    const late = { pace: 280, fade: 1, through: 10_000 };
    const engine = new EventEngine(marathon([...day, late].map((_, i) => String(i + 1)), [history]));
    const reads = readsOf(day);
    feed(engine, [...reads, ...readsOf([late]).map((r) => ({ ...r, bib: String(day.length + 1), time: r.time + 4 * 3_600_000 }))]);
    const projected = engine.runner(String(day.length + 1))!.projectedNet! / 1000;
    // Close to even pace (11,815 s), far from the history's fade (above 13,000 s).
    expect(projected).toBeLessThan(12_300);
  });

  it('is stood up again from a snapshot with the same standings, projections and ranges', () => {
    const data = path.resolve(__dirname, '../datasets/boston');
    const past = historyFromResults(readFileSync(path.join(data, '2015.csv'), 'utf8'), { id: 'b2015', name: '2015.csv', uploadedAt: 0 });
    const { setup: plain, reads } = engineWorkload(parseResultsFile(readFileSync(path.join(data, '2017.csv'), 'utf8')), { sample: 1500 });
    const setup = { ...plain, races: plain.races.map((r) => ({ ...r, history: [past] })) };
    const original = new EventEngine(setup);
    const half = Math.round(reads.length / 2);
    for (const read of reads.slice(0, half)) original.applyRead(read);
    original.takeChanges();
    const restored = EventEngine.restore(setup, deserialize(serialize(original.snapshot())) as EngineSnapshot, [])!;
    expect(restored).not.toBeNull();
    expect(standingsDigest(restored)).toBe(standingsDigest(original));
    // And equal read after read: the models (the day's difference from the history, the ranges' calibration) came back too.
    for (const read of reads.slice(half, half + 3000)) {
      original.applyRead(read);
      restored.applyRead(read);
    }
    expect(standingsDigest(restored)).toBe(standingsDigest(original));
    // A snapshot of the engine without the history does not fit the set-up with it.
    expect(EventEngine.restore(setup, new EventEngine(plain).snapshot(), [])).toBeNull();
  });
});
