// The engine's results pinned on real data: both Boston files, a 2,000-runner sample of every pace,
// fed in time order and fed late, out of order and with second reads. Each fingerprint covers
// every runner's order, places, times, splits, status, projection and ranges, flags and counters at
// a quarter, half, three quarters and the end of the reads. A faster engine must give exactly these.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventEngine } from '../shared/engine/event-engine';
import type { StoredRead } from '../shared/reads';
import { parseResultsFile } from '../server/replay/results-file';
import { disorderly, engineWorkload, standingsDigest } from '../bench/support/engine-workload';

const DATA = path.resolve(__dirname, '../datasets/boston');

function digests(setup: ReturnType<typeof engineWorkload>['setup'], reads: readonly StoredRead[]): string[] {
  const engine = new EventEngine(setup);
  const marks = [0.25, 0.5, 0.75, 1].map((f) => Math.round(reads.length * f));
  const out: string[] = [];
  reads.forEach((read, i) => {
    engine.applyRead(read);
    // A publication every 500 reads, as the primary takes changes and counters.
    if ((i + 1) % 500 === 0) for (const change of engine.takeChanges()) engine.counters(change.raceId);
    if (marks.includes(i + 1)) out.push(standingsDigest(engine));
  });
  return out;
}

describe.each([
  {
    year: 2015,
    inOrder: ['19814f648a867c3b', 'fdf206e2cae2ea5b', 'f1633335734b2ac2', '6b5c5357666d3a4f'],
    disorderly: ['1d80b9844b98235e', 'e3f8f02edcc1aa70', '41cf4d06016660fd', '6b5c5357666d3a4f'],
  },
  {
    year: 2017,
    inOrder: ['10c4b56cc2486c0a', '065305d42261d2c2', 'c7f510459b26dc12', '32d91c5ea7cd8c56'],
    disorderly: ['897bca48ac5419b1', 'fa0ca4c89560e73b', '3734b551ac6d954c', '32d91c5ea7cd8c56'],
  },
])('the engine on Boston $year, 2,000 runners', ({ year, inOrder, disorderly: late }) => {
  const { setup, reads } = engineWorkload(parseResultsFile(readFileSync(path.join(DATA, `${year}.csv`), 'utf8')), { sample: 2000 });

  it('gives the pinned standings from reads in time order', () => {
    expect(digests(setup, reads)).toEqual(inOrder);
  });

  it('gives the pinned standings from late, out-of-order and repeated reads', () => {
    const shuffled = disorderly(reads, { seed: year, delayMs: 120_000, rereads: 0.05 });
    expect(shuffled.length).toBeGreaterThan(reads.length);
    expect(digests(setup, shuffled)).toEqual(late);
  });
});
