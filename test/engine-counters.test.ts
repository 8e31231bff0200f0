// Counters follow each runner's change instead of being counted over the race again: they must
// always equal a count of the standings, through reads, status changes and moves between races.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { countRows } from '../shared/board/counters';
import { EventEngine } from '../shared/engine/event-engine';
import { parseResultsFile } from '../server/replay/results-file';
import { engineWorkload } from '../bench/support/engine-workload';

const DATA = path.resolve(__dirname, '../datasets/boston');

it('keeps every race’s counters equal to a count of its standings', () => {
  const { setup: boston, reads } = engineWorkload(parseResultsFile(readFileSync(path.join(DATA, '2017.csv'), 'utf8')), { sample: 600 });
  const race = boston.races[0];
  const setup = { ...boston, races: [...boston.races, { ...race, id: 'second' }] };
  const engine = new EventEngine(setup);
  const check = () => {
    for (const r of setup.races) {
      const counted = engine.counters(r.id);
      expect(counted).toEqual(countRows(engine.standings(r.id)));
    }
  };
  check();
  reads.forEach((read, i) => {
    engine.applyRead(read);
    if (i % 97 === 0) check();
    if (i === Math.floor(reads.length / 2)) {
      // Race control mid-race: one runner out, one moved to the other race.
      const [out, moved] = engine.standings(race.id).filter((r) => r.status === 'onCourse');
      const entrants = setup.entrants.map((e) =>
        e.bib === out.bib ? { ...e, status: 'dnf' as const } : e.bib === moved.bib ? { ...e, raceId: 'second' } : e,
      );
      engine.replaceSetup({ ...setup, entrants });
      check();
    }
  });
  check();
  expect(engine.counters('second').registered).toBe(1);
  expect(engine.counters(race.id).dnf).toBeGreaterThanOrEqual(1);
});
