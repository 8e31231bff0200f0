import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { approaching, approachOf } from '../shared/engine/approaching';
import { EventEngine } from '../shared/engine/event-engine';
import type { StoredRead } from '../shared/reads';
import { chipRead as read, GUN, min, smallEvent } from './fixtures';


const entrants = [
  { bib: '1', chip: 'C1', name: 'Ana', gender: 'F' as const, age: 30, country: 'IRN', raceId: '10k' },
  { bib: '2', chip: 'C2', name: 'Ben', gender: 'M' as const, age: 41, country: 'DEU', raceId: '10k' },
  { bib: '3', chip: 'C3', name: 'Cyra', gender: 'F' as const, age: 36, country: 'IRN', raceId: '10k' },
  { bib: '4', chip: 'C4', name: 'Dara', gender: 'F' as const, age: 25, country: 'KEN', raceId: '10k' },
  { bib: '6', chip: 'C6', name: 'Finn', gender: 'M' as const, age: 50, country: 'IRL', raceId: '10k' },
  { bib: '7', chip: 'C7', name: 'Gil', gender: 'M' as const, age: 33, country: 'ESP', raceId: '10k', status: 'dns' as const },
  { bib: '5', chip: 'C5', name: 'Eli', gender: 'F' as const, age: 28, country: 'FRA', raceId: 'loop', private: true },
  { bib: '8', chip: 'C8', name: 'Hal', gender: 'M' as const, age: 28, country: 'FRA', raceId: 'loop' },
];

function engineWith(reads: StoredRead[]) {
  const engine = new EventEngine(smallEvent({ entrants }));
  for (const r of reads) engine.applyRead(r);
  return engine;
}

// At 5 km: Ana 20:00 after a 20 s start, Ben 19:00, Cyra 25:00 (started a minute late), Dara 30:00.
// Finn finished. Gil never started.
const engine = engineWith([
  read('start', 'C1', GUN + 20_000),
  read('5k', 'C1', GUN + 20_000 + min(20)),
  read('start', 'C2', GUN),
  read('5k', 'C2', GUN + min(19)),
  read('start', 'C3', GUN + 60_000),
  read('5k', 'C3', GUN + 60_000 + min(25)),
  read('start', 'C4', GUN),
  read('5k', 'C4', GUN + min(30)),
  read('start', 'C6', GUN),
  read('5k', 'C6', GUN + min(17)),
  read('finish', 'C6', GUN + min(35)),
  read('lap', 'C8', GUN),
  read('lap', 'C8', GUN + min(3)),
  read('lap', 'C5', GUN),
  read('lap', 'C5', GUN + min(4)),
  read('lap', 'C5', GUN + min(8)),
]);
const race = engine.race('10k')!;
const loop = engine.race('loop')!;
const rows = engine.standings('10k');

describe('runners approaching a timing point', () => {
  it("is the engine's projection: finish ETA is the start plus the projected net, next-mat ETA matches", () => {
    for (const row of rows.filter((r) => r.status === 'onCourse')) {
      expect(approachOf(race, 'finish', row)!.eta).toBe(row.startTime! + row.projectedNet!);
      expect(approachOf(race, { point: row.nextPoint! }, row)!.eta).toBe(row.nextEta);
    }
  });

  it("carries the engine's 80 % range of the ETA, around the ETA", () => {
    const onCourse = rows.filter((r) => r.status === 'onCourse');
    expect(onCourse.length).toBeGreaterThan(0);
    for (const row of onCourse) {
      const next = approachOf(race, { point: row.nextPoint! }, row)!;
      expect(next.range).toEqual(row.nextEtaRange);
      expect(next.range![0]).toBeLessThanOrEqual(next.eta);
      expect(next.range![1]).toBeGreaterThanOrEqual(next.eta);
    }
  });

  it('orders by projected arrival, soonest first, not by position or bib', () => {
    const list = approaching(race, 'finish', rows, { now: GUN + min(19), horizonMs: min(120) });
    expect(list.map((a) => a.runner.bib)).toEqual(['2', '1', '3', '4']);
    for (let i = 1; i < list.length; i++) expect(list[i].eta).toBeGreaterThanOrEqual(list[i - 1].eta);
    expect(list.every((a) => a.toGo === 5_000)).toBe(true);
  });

  it('keeps only runners projected within the horizon, and those slightly overdue', () => {
    const benEta = approachOf(race, 'finish', engine.runner('2')!)!.eta;
    const anaEta = approachOf(race, 'finish', engine.runner('1')!)!.eta;
    expect(approaching(race, 'finish', rows, { now: benEta - min(1), horizonMs: anaEta - benEta }).map((a) => a.runner.bib)).toEqual(['2']);
    const later = { now: benEta + 30_000, horizonMs: anaEta - benEta };
    expect(approaching(race, 'finish', rows, later).map((a) => a.runner.bib)).toEqual(['1']);
    expect(approaching(race, 'finish', rows, { ...later, overdueMs: min(1) }).map((a) => a.runner.bib)).toEqual(['2', '1']);
  });

  it('leaves out finishers, runners not started and DNS, and runners already past the point', () => {
    const all = approaching(race, { point: '5k' }, rows, { now: GUN, horizonMs: min(600), overdueMs: min(600) });
    expect(all).toEqual([]);
    const bibs = approaching(race, 'finish', rows, { now: GUN, horizonMs: min(600), overdueMs: min(600) }).map((a) => a.runner.bib);
    expect(bibs).not.toContain('6');
    expect(bibs).not.toContain('7');
    expect(approaching(race, { point: 'start' }, rows, { now: GUN, horizonMs: min(600) })).toEqual([]);
    expect(approaching(race, { point: 'nowhere' }, rows, { now: GUN, horizonMs: min(600) })).toEqual([]);
  });

  it('on a loop, the lap mat means the next lap and the finish means the last one', () => {
    const loopRows = engine.standings('loop');
    const next = approaching(loop, { point: 'lap' }, loopRows, { now: GUN, horizonMs: min(60) });
    // Hal ran lap 1 in 3:00 and is due at 1,400 m; Eli ran 2 laps in 8:00 and is due at 2,100 m.
    expect(next.map((a) => [a.runner.bib, a.toGo])).toEqual([
      ['8', 700],
      ['5', 700],
    ]);
    expect(next[0].eta).toBe(loopRows.find((r) => r.bib === '8')!.nextEta);
    const finish = approaching(loop, 'finish', loopRows, { now: GUN, horizonMs: min(60) });
    // Hal: 3:00 × 3^1.06 ≈ 9:37; Eli: 8:00 × 1.5^1.06 ≈ 12:18.
    expect(finish.map((a) => [a.runner.bib, a.toGo])).toEqual([
      ['8', 1_400],
      ['5', 700],
    ]);
  });

  it('for any field and clock: sorted by ETA, inside the window, and the limit cuts the tail', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ split: fc.integer({ min: min(12), max: min(60) }), start: fc.integer({ min: 0, max: min(5) }) }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 0, max: min(120) }),
        fc.integer({ min: 0, max: min(30) }),
        fc.integer({ min: 1, max: 10 }),
        (field, at, horizon, limit) => {
          const e = new EventEngine(
            smallEvent({ entrants: field.map((_, i) => ({ bib: `${i + 10}`, chip: `X${i}`, name: `R${i}`, gender: 'M', raceId: '10k' })) }),
          );
          field.forEach((f, i) => {
            e.applyRead(read('start', `X${i}`, GUN + f.start));
            e.applyRead(read('5k', `X${i}`, GUN + f.start + f.split));
          });
          const now = GUN + at;
          const all = approaching(race, 'finish', e.standings('10k'), { now, horizonMs: horizon });
          for (let i = 0; i < all.length; i++) {
            expect(all[i].eta).toBeGreaterThanOrEqual(now);
            expect(all[i].eta).toBeLessThanOrEqual(now + horizon);
            if (i > 0) expect(all[i].eta).toBeGreaterThanOrEqual(all[i - 1].eta);
          }
          expect(approaching(race, 'finish', e.standings('10k'), { now, horizonMs: horizon, limit })).toEqual(all.slice(0, limit));
        },
      ),
      { numRuns: 60 },
    );
  });
});
