// Small event set-ups for tests: a 10 km point-to-point race and a 700 m loop race.
import { eventSetupSchema, type EventSetup, type EventSetupInput } from '../shared/domain';
import type { StoredRead } from '../shared/reads';

export const GUN = Date.UTC(2026, 3, 17, 7, 0, 0);
export const min = (m: number) => m * 60_000;

export function smallEvent(overrides: Partial<EventSetupInput> = {}): EventSetup {
  return eventSetupSchema.parse({
    id: 'test-event',
    name: 'Test Event',
    date: '2026-04-17',
    races: [
      {
        id: '10k',
        name: '10 km',
        kind: 'point-to-point',
        distance: 10_000,
        gunTime: GUN,
        ageGroups: [18, 35, 40],
        timingPoints: [
          { id: 'start', name: 'Start', kind: 'start', distance: 0 },
          { id: '5k', name: '5 km', kind: 'split', distance: 5_000 },
          { id: 'finish', name: 'Finish', kind: 'finish', distance: 10_000 },
        ],
      },
      {
        id: 'loop',
        name: 'Loop race',
        kind: 'loop',
        distance: 2_100,
        gunTime: GUN,
        loop: { length: 700, lapPoint: 'lap', laps: 3 },
        timingPoints: [{ id: 'lap', name: 'Lap', kind: 'lap', distance: 0, dedupWindowSeconds: 60 }],
      },
    ],
    entrants: [
      { bib: '1', chip: 'C1', name: 'Ana', gender: 'F', age: 30, country: 'IRN', raceId: '10k' },
      { bib: '2', chip: 'C2', name: 'Ben', gender: 'M', age: 41, country: 'DEU', raceId: '10k' },
      { bib: '3', chip: 'C3', name: 'Cyra', gender: 'F', age: 36, country: 'IRN', raceId: '10k' },
      { bib: '4', chip: 'C4', name: 'Dara', gender: 'F', age: 25, country: 'KEN', raceId: '10k', status: 'dns' },
      { bib: '5', chip: 'C5', name: 'Eli', gender: 'F', age: 28, country: 'FRA', raceId: 'loop', private: true },
    ],
    ...overrides,
  });
}

let readSeq = 0;
/** A chip read as the durable log hands it to the engine, numbered in the order tests make them. */
export function chipRead(point: string, chip: string, time: number, device: string | null = null): StoredRead {
  return { seq: ++readSeq, point, chip, bib: null, time, device };
}

/** A 4 km race of ten 400 m laps on a track, lap mat on the line. */
export function trackRace(): EventSetupInput['races'][number] {
  return {
    id: 'track',
    name: 'Track 4 km',
    kind: 'loop',
    distance: 4_000,
    gunTime: GUN,
    loop: { length: 400, lapPoint: 'line', laps: 10 },
    timingPoints: [{ id: 'line', name: 'Line', kind: 'lap', distance: 0, dedupWindowSeconds: 20 }],
  };
}

/** Ben (C2) leads at 5 km; Ana (C1) passes him and finishes first: the order changes between two mats. */
export const OVERTAKE_READS = [
  { point: 'start', chip: 'C1', time: GUN + 1_000 },
  { point: 'start', chip: 'C2', time: GUN + 1_000 },
  { point: '5k', chip: 'C2', time: GUN + min(19) },
  { point: '5k', chip: 'C1', time: GUN + min(20) },
  { point: 'finish', chip: 'C1', time: GUN + min(39) },
  { point: 'finish', chip: 'C2', time: GUN + min(41) },
];
