// The board module: one status table, one filter list, one order and placing routine. The same
// routine over rows and over typed columns (as time travel keeps its runners) must agree to the row.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { countRows, emptyCounters, tally } from '../shared/board/counters';
import { filterKey, filterShape, isFilterSet, matchesFilter, matchesFilterBy, pickFilter, FILTER_FIELDS, FILTER_KEYS, type FilterKey } from '../shared/board/filters';
import { compareBibs, compareRunners, Placer, type BoardAccessor } from '../shared/board/order';
import { RUNNER_STATUSES, STATUS_CODES, entrantStatusSchema, runnerStatusSchema, statusOfCode } from '../shared/board/statuses';
import { EventEngine } from '../shared/engine/event-engine';
import { parseResultsFile } from '../server/replay/results-file';
import { engineWorkload } from '../bench/support/engine-workload';

describe('statuses', () => {
  it('declares each status once, codes in race order, the hand-set ones a subset', () => {
    expect(RUNNER_STATUSES.map((s) => STATUS_CODES[s])).toEqual([0, 1, 2, 3, 4, 5]);
    expect(RUNNER_STATUSES.map((s) => statusOfCode(STATUS_CODES[s]))).toEqual([...RUNNER_STATUSES]);
    expect(runnerStatusSchema.safeParse('onCourse').success).toBe(true);
    expect(entrantStatusSchema.safeParse('onCourse').success).toBe(false);
    expect(entrantStatusSchema.options.sort()).toEqual(['dnf', 'dns', 'dq', 'registered']);
  });

  it('counts a runner in and out again to nothing', () => {
    const c = emptyCounters();
    for (const s of RUNNER_STATUSES) tally(c, s, true, 1);
    expect(c).toEqual({ registered: 6, started: 6, onCourse: 1, finished: 1, dnf: 1, dns: 1, dq: 1 });
    for (const s of RUNNER_STATUSES) tally(c, s, true, -1);
    expect(c).toEqual(emptyCounters());
  });
});

describe('filters', () => {
  const query = z.object(filterShape).strict();

  it('one schema with one set of limits', () => {
    expect(query.safeParse({ gender: 'F', ageGroup: '40-44', country: 'KEN' }).success).toBe(true);
    expect(query.safeParse({ gender: 'W' }).success).toBe(false);
    expect(query.safeParse({ country: 'KENYA' }).success).toBe(false);
    expect(query.safeParse({ ageGroup: 'x'.repeat(17) }).success).toBe(false);
    expect(query.safeParse({ division: 'elite' }).success).toBe(false);
  });

  it('knows when a filter is set, keys it whatever the order of its fields, and picks only its fields', () => {
    expect(isFilterSet({})).toBe(false);
    expect(isFilterSet({ country: '' })).toBe(false);
    expect(isFilterSet({ country: 'IRN' })).toBe(true);
    expect(filterKey({ country: 'IRN', gender: 'F' })).toBe(filterKey({ gender: 'F', country: 'IRN' }));
    expect(filterKey({ country: 'IRN' })).not.toBe(filterKey({ ageGroup: 'IRN' }));
    expect(pickFilter({ gender: 'M', country: '', offset: 3 } as never)).toEqual({ gender: 'M' });
    expect(FILTER_KEYS).toEqual(Object.keys(FILTER_FIELDS));
  });
});

describe('order and places over rows and over columns', () => {
  const file = parseResultsFile(readFileSync(path.resolve(__dirname, '../datasets/boston/2017.csv'), 'utf8'));
  const { setup, reads } = engineWorkload(file, { sample: 1500 });
  const engine = new EventEngine(setup);
  // Part of the race: runners finished, on course and not yet started, and one of each set status.
  for (const read of reads.slice(0, Math.round(reads.length * 0.6))) engine.applyRead(read);
  const raceId = setup.races[0].id;
  const rows = engine.standings(raceId);
  const ranking = setup.races[0].ranking;

  // Typed columns as the timeline keeps them: status codes, NONE for a missing time.
  const NONE = -2147483648;
  const n = rows.length;
  const toInt = (v: number | null) => (v === null ? NONE : v);
  const fromInt = (v: number) => (v === NONE ? null : v);
  const cols = {
    status: Uint8Array.from(rows, (r) => STATUS_CODES[r.status]),
    netTime: Int32Array.from(rows, (r) => toInt(r.netTime)),
    gunTime: Int32Array.from(rows, (r) => toInt(r.gunTime)),
    lastDistance: Float64Array.from(rows, (r) => r.lastDistance),
    lastNet: Int32Array.from(rows, (r) => toInt(r.lastNet)),
    lastGun: Int32Array.from(rows, (r) => toInt(r.lastGun)),
    gender: rows.map((r) => r.gender),
    ageGroup: rows.map((r) => r.ageGroup),
    country: rows.map((r) => r.country),
  };
  const columns: BoardAccessor<number> = {
    status: (k) => statusOfCode(cols.status[k]),
    netTime: (k) => fromInt(cols.netTime[k]),
    gunTime: (k) => fromInt(cols.gunTime[k]),
    lastDistance: (k) => cols.lastDistance[k],
    lastNet: (k) => fromInt(cols.lastNet[k]),
    lastGun: (k) => fromInt(cols.lastGun[k]),
    gender: (k) => cols.gender[k],
    ageGroup: (k) => cols.ageGroup[k],
  };
  const columnValue = (k: number, key: FilterKey) => cols[key][k];

  it('has runners of several statuses to order', () => {
    const counted = countRows(rows);
    expect(counted.finished).toBeGreaterThan(0);
    expect(counted.onCourse).toBeGreaterThan(0);
    expect(counted.registered).toBe(n);
  });

  it('orders and places the columns exactly as the engine ranks its rows, under every filter', () => {
    const order = [...Array(n).keys()].reverse();
    order.sort((a, b) => compareRunners(columns, a, b, ranking) || compareBibs(rows[a].bib, rows[b].bib));
    expect(order.map((k) => rows[k].bib)).toEqual(rows.map((r) => r.bib));

    const placer = new Placer(columns, ranking);
    const places = order.map((k) => placer.next(k));
    const board = engine.leaderboard(raceId);
    expect(places).toEqual(board.entries.map((e) => e.places));

    const filters = [{ gender: 'F' }, { country: rows.find((r) => r.country)!.country! }, { gender: 'M', ageGroup: rows.find((r) => r.gender === 'M' && r.ageGroup)!.ageGroup! }];
    for (const filter of filters) {
      const picked = order.filter((k) => matchesFilterBy(columnValue, k, filter)).map((k) => rows[k].bib);
      expect(picked.length).toBeGreaterThan(0);
      expect(picked).toEqual(engine.leaderboard(raceId, filter).entries.map((e) => e.bib));
      expect(picked).toEqual(rows.filter((r) => matchesFilter(r, filter)).map((r) => r.bib));
    }
  });
});
