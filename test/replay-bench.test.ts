// The replay benchmarks in quick mode, so they keep working.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectionCeiling } from '../bench/projection-ceiling';
import { projectionErrors } from '../bench/replay-projection';
import { replaySpeed } from '../bench/replay-speed';

const DATA = path.resolve(__dirname, '../../shared/data/boston');

describe('replay benchmarks, quick mode', () => {
  it('measures a replay through the real server', async () => {
    const r = await replaySpeed(path.join(DATA, '2017.csv'), { sample: 300, batchSeconds: 300 });
    expect(r.runners).toBe(300);
    expect(r.reads).toBeGreaterThan(300 * 10);
    expect(r.wallSeconds).toBeGreaterThan(0);
    expect(r.cpuSeconds).toBeGreaterThan(0);
  }, 120_000);

  it('measures the projection through the engine alone', () => {
    const r = projectionErrors(path.join(DATA, '2015.csv'), { sample: 3000 });
    expect(r.mats.map((m) => m.column)).toEqual(['5K', '10K', '15K', '20K', 'Half', '25K', '30K', '35K', '40K']);
    const at30k = r.mats.find((m) => m.column === '30K')!;
    expect(at30k.projection).toBeLessThan(at30k.evenPace);
  }, 120_000);

  it('measures the projection with the whole day known, better than even pace', () => {
    const mats = projectionCeiling(path.join(DATA, '2015.csv'));
    expect(mats.map((m) => m.column)).toEqual(['5K', '10K', '15K', '20K', 'Half', '25K', '30K', '35K', '40K']);
    for (const m of mats) {
      expect(m.mean).toBeGreaterThan(0);
      expect(m.mean).toBeLessThan(m.evenMean);
    }
  }, 120_000);
});
