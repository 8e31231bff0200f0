// The screen-memory benchmark in its quick mode, so it cannot rot: a short run with a server restart
// must keep a panel on screen at every sample and stay within a modest heap and DOM.
import { describe, expect, it } from 'vitest';
import { screenMemory } from '../../bench/screen-memory';
import { builtClient } from './support/harness';

describe('screen memory benchmark (quick)', () => {
  it('runs, survives the restart without a blank sample, and reports bounded figures', async () => {
    const report = await screenMemory({ seconds: 16, speed: 30, sampleEvery: 2, log: () => {}, clientDir: builtClient() });
    expect(report.samples.length).toBeGreaterThanOrEqual(5);
    expect(report.restartAt).not.toBeNull();
    expect(report.blankSamples).toBe(0);
    expect(report.slidesShown).toBeGreaterThanOrEqual(3);
    // Loose bounds: a page that keeps every update or every map it drew would pass them quickly.
    expect(report.steady.heapMaxMb).toBeLessThan(64);
    expect(Math.max(...report.samples.map((s) => s.nodes))).toBeLessThan(10_000);
  }, 120_000);
});
