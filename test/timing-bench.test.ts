// The equipment-stream benchmark in quick mode, so it cannot rot: every line stored, a figure out.
import { expect, it } from 'vitest';
import { timingStreamBenchmark } from '../bench/timing-stream';

it('streams a small race through the TCP listener and reports reads per second', async () => {
  const outcome = await timingStreamBenchmark({ quick: true, log: () => {} });
  expect(outcome.details).toMatchObject({ reads: 3_000, finished: 500, counts: { accepted: 3_000, rejected: 0, duplicates: 0 } });
  expect(outcome.figures[0]).toMatchObject({ unit: 'reads/s' });
  expect(outcome.figures[0].value).toBeGreaterThan(0);
}, 60_000);
