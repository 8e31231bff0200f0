// The organizer benchmark in quick mode, so it cannot rot: a report with the silent mat, figures out.
import { expect, it } from 'vitest';
import { organizerBenchmark } from '../bench/organizer-console';

it('computes monitoring, export and entrant checks for a small field and reports the figures', async () => {
  const outcome = await organizerBenchmark({ quick: true, log: () => {} });
  expect(outcome.details).toMatchObject({ runners: 500, silentMats: ['25k'], entrantsValid: 500, entrantProblems: 0 });
  expect(outcome.details.overdue as number).toBeGreaterThan(0);
  expect(outcome.figures.map((f) => f.unit)).toEqual(['ms', 'ms', 'ms', 'ms']);
}, 60_000);
