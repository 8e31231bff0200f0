// The spectators' benchmark in quick mode: a results-file demo (DEMO_RESULTS) started as `npm start`
// starts it, a phone-class Chromium at 390 px and a desktop race page, both measured through the
// DevTools protocol. Checks that both pages keep changing live and that the figures are taken;
// the budgets themselves are for `npm run bench` on a quiet machine.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBenchmarks } from '../bench/run';

describe('spectators benchmark in quick mode', () => {
  it('measures a phone and a desktop race page on a DEMO_RESULTS event that keeps changing', async () => {
    const report = await runBenchmarks({ quick: true, only: ['spectators'], resultsDir: mkdtempSync(join(tmpdir(), 'splitcast-bench-')), log: () => {} });
    const { figures, details } = report.results.spectators;
    for (const f of figures) expect(Number.isFinite(f.value), f.measure).toBe(true);
    const { phone, desktop } = details as { phone: { frames: number; mutations: number }; desktop: { frames: number; mutations: number } };
    expect(phone.frames).toBeGreaterThan(0);
    expect(phone.mutations).toBeGreaterThan(0);
    expect(desktop.frames).toBeGreaterThan(0);
    expect(desktop.mutations).toBeGreaterThan(0);
  }, 300_000);
});
