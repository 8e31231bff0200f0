// The 80 % range published with every projection, through the race engine as reads arrive: it
// holds its projection, narrows towards the finish, and exists from the start mat on.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventSetupSchema } from '../shared/domain';
import { EventEngine } from '../shared/engine/event-engine';
import { seededRandom } from '../shared/random';
import type { RunnerDetail } from '../shared/views';
import { GUN } from './fixtures';

const MATS = [5000, 10_000, 15_000, 20_000, 21_097.5, 25_000, 30_000, 35_000, 40_000];
const FINISH = 42_195;

function marathon(bibs: string[]) {
  return eventSetupSchema.parse({
    id: 'range-event',
    name: 'Range test',
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
      },
    ],
    entrants: bibs.map((bib) => ({ bib, name: `Runner ${bib}`, gender: 'F', age: 30, raceId: 'm' })),
  });
}

interface Read {
  bib: string;
  point: string;
  time: number;
}

/** A field's reads in time order: each runner at a pace (ms/m, 240 = 4:00/km) that drifts by `fade` per segment, with noise. */
function fieldReads(runners: { pace: number; fade: number }[], seed: number, startSpreadMs = 10 * 60_000): Read[] {
  const random = seededRandom(seed);
  const reads: Read[] = [];
  runners.forEach(({ pace, fade }, i) => {
    const bib = String(i + 1);
    const start = GUN + Math.round(random() * startSpreadMs);
    reads.push({ bib, point: 'start', time: start });
    let net = 0;
    let previous = 0;
    let current = pace;
    for (const d of [...MATS, FINISH]) {
      current *= fade * (1 + (random() - 0.5) * 0.06);
      net += current * (d - previous);
      previous = d;
      reads.push({ bib, point: d === FINISH ? 'finish' : `m${d}`, time: start + Math.round(net) });
    }
  });
  return reads.sort((a, b) => a.time - b.time);
}

function feed(engine: EventEngine, reads: Read[], onRunner: (detail: RunnerDetail) => void): void {
  let seq = 0;
  for (const r of reads) {
    engine.applyRead({ seq: ++seq, point: r.point, chip: null, bib: r.bib, time: r.time, device: null });
    onRunner(engine.runner(r.bib)!);
  }
}

describe('projection range', () => {
  it('always holds its projection and never widens as the finish nears', () => {
    const runner = fc.record({ pace: fc.double({ min: 160, max: 420, noNaN: true }), fade: fc.double({ min: 0.98, max: 1.12, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(runner, { minLength: 1, maxLength: 80 }), fc.integer({ min: 1, max: 1_000_000 }), (runners, seed) => {
        const engine = new EventEngine(marathon(runners.map((_, i) => String(i + 1))));
        const widths = new Map<string, { distance: number; width: number }>();
        let ranges = 0;
        feed(engine, fieldReads(runners, seed), (d) => {
          if (d.projectedNet !== null) {
            ranges++;
            expect(d.projectedRange).not.toBeNull();
            const [low, high] = d.projectedRange!;
            expect(low).toBeLessThanOrEqual(d.projectedNet);
            expect(high).toBeGreaterThanOrEqual(d.projectedNet);
            const before = widths.get(d.bib);
            // Whole ms: each end rounds on its own.
            if (before && d.lastDistance > before.distance) expect(high - low).toBeLessThanOrEqual(before.width + 1);
            widths.set(d.bib, { distance: d.lastDistance, width: high - low });
          } else expect(d.projectedRange).toBeNull();
          if (d.nextEta !== null) {
            expect(d.nextEtaRange![0]).toBeLessThanOrEqual(d.nextEta);
            expect(d.nextEtaRange![1]).toBeGreaterThanOrEqual(d.nextEta);
          } else expect(d.nextEtaRange).toBeNull();
        });
        // Every runner was projected at some mat: the property was checked, not skipped.
        expect(ranges).toBeGreaterThanOrEqual(runners.length * MATS.length);
      }),
      { numRuns: 25 },
    );
  });

  it('is wide before the field has shown much, and narrow near the finish once it has', () => {
    const runners = Array.from({ length: 200 }, (_, i) => ({ pace: 240 + (i % 20) * 3, fade: 1.01 + (i % 7) * 0.01 }));
    const engine = new EventEngine(marathon(runners.map((_, i) => String(i + 1))));
    const relative = new Map<string, number[]>();
    feed(engine, fieldReads(runners, 7), (d) => {
      if (d.projectedRange === null || d.lastNet === null || d.projectedNet === null) return;
      const left = d.projectedNet - d.lastNet;
      const list = relative.get(String(d.lastDistance)) ?? [];
      list.push((d.projectedRange[1] - d.projectedRange[0]) / d.projectedNet);
      relative.set(String(d.lastDistance), list);
      expect(left).toBeGreaterThanOrEqual(0);
    });
    const medianOf = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    expect(medianOf(relative.get('5000')!)).toBeGreaterThan(medianOf(relative.get('40000')!) * 3);
  });

  it('gives a runner read only at the start a projection and an ETA at the first mat, with a wide range', () => {
    const runners = Array.from({ length: 60 }, (_, i) => ({ pace: 240 + (i % 10) * 5, fade: 1.02 }));
    const bibs = [...runners.map((_, i) => String(i + 1)), 'early', 'late'];
    const engine = new EventEngine(marathon(bibs));
    // Before anyone reached a mat there is nothing to go by.
    engine.applyRead({ seq: 1, point: 'start', chip: null, bib: 'early', time: GUN, device: null });
    expect(engine.runner('early')!.projectedNet).toBeNull();
    expect(engine.runner('early')!.nextEta).toBeNull();
    feed(engine, fieldReads(runners, 3).filter((r) => r.point === 'start' || r.point === 'm5000'), () => {});
    engine.applyRead({ seq: 10_000, point: 'start', chip: null, bib: 'late', time: GUN + 60 * 60_000, device: null });
    const late = engine.runner('late')!;
    expect(late.status).toBe('onCourse');
    expect(late.nextPoint).toBe('m5000');
    expect(late.nextEta).not.toBeNull();
    const [etaLow, etaHigh] = late.nextEtaRange!;
    expect(etaLow).toBeLessThan(late.nextEta!);
    expect(etaHigh).toBeGreaterThan(late.nextEta!);
    // The field runs 5 km in 20 to 24 minutes: the ETA sits there and its range spans most of it.
    expect(late.nextEta! - late.startTime!).toBeGreaterThan(19 * 60_000);
    expect(late.nextEta! - late.startTime!).toBeLessThan(26 * 60_000);
    expect(etaHigh - etaLow).toBeGreaterThan(2 * 60_000);
    const [low, high] = late.projectedRange!;
    expect(low).toBeLessThan(late.projectedNet!);
    expect(high - low).toBeGreaterThan(20 * 60_000);
  });
});
