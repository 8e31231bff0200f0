// A small race with enough entrants for the reliability tests, and its planned reads.
import type { EventSetup } from '../../shared/domain';
import { planReads, type PlannedRead } from '../../server/simulator/plan';
import { smallEvent } from '../fixtures';
import { pagedBoard } from './paged-board';

const COUNTRIES = ['IRN', 'DEU', 'KEN', 'FRA', 'JPN', 'BRA'];

export function reliabilityEvent(entrants = 150): EventSetup {
  return smallEvent({
    entrants: Array.from({ length: entrants }, (_, i) => ({
      bib: String(i + 1),
      chip: `C${i + 1}`,
      name: `Runner ${i + 1}`,
      gender: i % 2 ? 'M' : 'F',
      age: 20 + (i % 45),
      country: COUNTRIES[i % COUNTRIES.length],
      raceId: i % 5 === 4 ? 'loop' : '10k',
      private: i % 17 === 3,
      ...(i % 31 === 7 ? { status: 'dns' as const } : {}),
    })),
  });
}

export function reliabilityPlan(event: EventSetup, seed = 11): PlannedRead[] {
  return planReads(event, { seed });
}

/** Every race's whole leaderboard from a server's public API. */
export async function leaderboards(url: string, event: EventSetup): Promise<Record<string, unknown>> {
  const boards: Record<string, unknown> = {};
  for (const race of event.races) {
    const body = await pagedBoard(url, event.id, race.id);
    boards[race.id] = { total: body.total, counters: body.counters, entries: body.entries };
  }
  return boards;
}
