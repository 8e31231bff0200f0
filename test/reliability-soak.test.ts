// The soak benchmark's short mode: the demo race with hundreds of connected clients for ~20 s.
// Once steady, the server's live heap (after a forced GC) must not keep growing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSoak } from '../bench/soak';

describe('soak (short mode)', () => {
  it('holds every client, delivers updates in order and keeps memory flat once steady', async () => {
    const clients = 300;
    const report = await runSoak({ seconds: 20, clients, log: () => {}, resultsDir: mkdtempSync(join(tmpdir(), 'soak-results-')) });
    expect(report.samples.length).toBeGreaterThan(20);
    expect(report.samples.every((s) => s.sockets === clients)).toBe(true);
    expect(report.reads.accepted).toBe(report.reads.planned);
    expect(report.reads.failedRequests).toBe(0);
    expect(report.updates.received).toBeGreaterThan(clients * 10);
    expect(report.updates.gaps).toBe(0);
    const { heapFirstThirdMb, heapLastThirdMb } = report.steady;
    expect(heapLastThirdMb, `heap ${heapFirstThirdMb} → ${heapLastThirdMb} MB`).toBeLessThan(heapFirstThirdMb * 1.1);
  }, 90_000);
});
