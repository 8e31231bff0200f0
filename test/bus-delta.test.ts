// Deltas on the bus carry a runner's splits from the first one that changed since the receiver's
// copy. Through a whole Boston sample, late and out of order, with a move between races and a
// message encoded and validated as on Redis, a receiver that expands them holds exactly the
// primary's runners; and they are far smaller than whole details.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { busMessageSchema } from '../shared/bus-messages';
import { EventEngine } from '../shared/engine/event-engine';
import type { RaceDelta, RunnerDetail } from '../shared/views';
import { compactDelta, expandDelta } from '../server/live/bus-delta';
import { parseResultsFile } from '../server/replay/results-file';
import { disorderly, engineWorkload } from '../bench/support/engine-workload';

const DATA = path.resolve(__dirname, '../datasets/boston');

type Races = Map<string, Map<string, RunnerDetail>>;

function apply(races: Races, delta: RaceDelta): void {
  let race = races.get(delta.raceId);
  if (!race) races.set(delta.raceId, (race = new Map()));
  for (const bib of delta.removed) race.delete(bib);
  for (const r of delta.runners) race.set(r.bib, r);
}

it('gives a receiver the primary’s runners exactly, with a fraction of the bytes', () => {
  const { setup: boston, reads: inOrder } = engineWorkload(parseResultsFile(readFileSync(path.join(DATA, '2017.csv'), 'utf8')), { sample: 800 });
  const race = boston.races[0];
  const setup = { ...boston, races: [...boston.races, { ...race, id: 'second' }] };
  const reads = disorderly(inOrder, { seed: 3, delayMs: 120_000, rereads: 0.05 });
  const engine = new EventEngine(setup);
  const primary: Races = new Map();
  const replica: Races = new Map();
  let wholeBytes = 0;
  let busBytes = 0;
  const publish = () => {
    for (const change of engine.takeChanges()) {
      const delta: RaceDelta = { eventId: setup.id, raceId: change.raceId, seq: 1, counters: engine.counters(change.raceId), runners: change.runners, removed: change.removed };
      const raw = JSON.stringify({ origin: 'primary', kind: 'delta', delta: compactDelta(delta, (bib) => primary.get(delta.raceId)?.get(bib)) });
      apply(primary, delta);
      wholeBytes += JSON.stringify(delta).length;
      busBytes += raw.length;
      const message = busMessageSchema.parse(JSON.parse(raw));
      if (message.kind !== 'delta') throw new Error('not a delta');
      const whole = expandDelta(message.delta, (bib) => replica.get(delta.raceId)?.get(bib));
      expect(whole).not.toBeNull();
      apply(replica, whole!);
    }
  };
  reads.forEach((read, i) => {
    engine.applyRead(read);
    if (i % 250 === 0) publish();
    if (i === Math.floor(reads.length / 2)) {
      const moved = engine.standings(race.id).find((r) => r.splits.length >= 3)!;
      engine.replaceSetup({ ...setup, entrants: setup.entrants.map((e) => (e.bib === moved.bib ? { ...e, raceId: 'second' } : e)) });
      publish();
      expect(replica.get('second')?.get(moved.bib)?.splits).toEqual(moved.splits);
    }
  });
  publish();
  for (const r of setup.races) expect([...(replica.get(r.id)?.values() ?? [])].sort((a, b) => a.bib.localeCompare(b.bib))).toEqual(engine.standings(r.id).sort((a, b) => a.bib.localeCompare(b.bib)));
  expect(busBytes).toBeLessThan(wholeBytes * 0.7);
});

it('asks for the race again when a copy a delta builds on is missing', () => {
  const split = { point: '5k', name: '5K', distance: 5000, time: 1, gun: 1, net: 1, segmentPace: 300 };
  const runner = { bib: '7', splits: [split, { ...split, point: '10k' }] } as unknown as RunnerDetail;
  const delta = compactDelta({ eventId: 'e', raceId: 'r', seq: 2, counters: {} as never, runners: [runner], removed: [] }, () => ({ ...runner, splits: [split] }));
  expect(delta.runners[0].splitsKept).toBe(1);
  expect(delta.runners[0].splits).toHaveLength(1);
  expect(expandDelta(delta, () => undefined)).toBeNull();
  expect(expandDelta(delta, () => ({ ...runner, splits: [] }))).toBeNull();
});
