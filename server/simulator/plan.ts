// What the mats of a race would read: a deterministic plan of reads from the set-up and a seed.
// Runners have their own pace and fade, mats miss a few chips and read some twice, a few runners
// drop out, and a few chips nobody registered turn up.
import type { EventSetup, Race } from '../../shared/domain';
import { gunTimeOf } from '../../shared/engine/derive-runner';
import type { ReadInput } from '../../shared/reads';
import { normal, seededRandom, type Random } from '../../shared/random';

export interface PlannedRead extends ReadInput {
  time: number;
  chip: string;
  readId: string;
}

export interface PlanOptions {
  seed?: number;
  /** Share of mat passings a mat misses (never the finish). */
  missRate?: number;
  /** Share of passings read more than once within a few seconds. */
  multiReadRate?: number;
  dnfRate?: number;
  unknownChips?: number;
}

function basePace(random: Random, gender: string, age: number, race: Race): number {
  const mean = gender === 'F' ? 345 : 315;
  const ageFactor = 1 + Math.max(0, age - 35) * 0.008;
  const shortRace = race.distance <= 10_000 ? 0.93 : 1;
  return Math.min(600, Math.max(185, normal(random, mean, 55) * ageFactor * shortRace));
}

/** Net seconds to reach `d` metres: steady pace, then a fade that grows over the last third. */
function elapsedAt(d: number, pace: number, fade: number, distance: number): number {
  const fadeFrom = distance * 0.6;
  const extra = d > fadeFrom ? ((d - fadeFrom) ** 2 / (2 * (distance - fadeFrom))) * fade : 0;
  return ((d + extra) / 1000) * pace;
}

export function planReads(setup: EventSetup, options: PlanOptions = {}): PlannedRead[] {
  const random = seededRandom(options.seed ?? 7);
  const missRate = options.missRate ?? 0.015;
  const multiReadRate = options.multiReadRate ?? 0.3;
  const dnfRate = options.dnfRate ?? 0.03;
  const races = new Map(setup.races.map((r) => [r.id, r]));
  const reads: PlannedRead[] = [];

  const emit = (chip: string, point: string, time: number, id: string, mayMiss: boolean) => {
    if (mayMiss && random() < missRate) return;
    reads.push({ point, chip, time: Math.round(time), readId: `${id}.0` });
    if (random() < multiReadRate) reads.push({ point, chip, time: Math.round(time + 500 + random() * 4000), readId: `${id}.1` });
  };

  setup.entrants.forEach((entrant, index) => {
    const race = races.get(entrant.raceId);
    if (!race || entrant.status !== 'registered' || !entrant.chip) return;
    const gun = gunTimeOf(entrant, race);
    if (gun === null) return;
    const chip = entrant.chip;
    const pace = basePace(random, entrant.gender, entrant.age ?? 35, race);
    const fade = random() * 0.35;
    const start = gun + Math.min(600_000, index * 400 + random() * 20_000);
    const dropsAt = random() < dnfRate ? race.distance * (0.2 + random() * 0.7) : Infinity;

    if (race.kind === 'loop' && race.loop) {
      const lapPoint = race.loop.lapPoint;
      // The lap mat is on the start line: it reads everyone as they set off.
      emit(chip, lapPoint, start, `${chip}.${lapPoint}.0`, true);
      for (let lap = 1; lap <= race.loop.laps; lap++) {
        const d = lap * race.loop.length;
        if (d > dropsAt) break;
        emit(chip, lapPoint, start + elapsedAt(d, pace, fade, race.distance) * 1000 * (1 + normal(random, 0, 0.01)), `${chip}.${lapPoint}.${lap}`, false);
      }
      return;
    }
    for (const point of race.timingPoints) {
      if (point.distance > dropsAt) break;
      const time = point.kind === 'start' ? start : start + elapsedAt(point.distance, pace, fade, race.distance) * 1000;
      emit(chip, point.id, time, `${chip}.${point.id}`, point.kind === 'split');
    }
  });

  // Chips that were never registered (a borrowed chip, a typo at registration).
  const p2p = setup.races.find((r) => r.kind === 'point-to-point');
  for (let i = 0; p2p && p2p.gunTime !== null && i < (options.unknownChips ?? 3); i++) {
    const split = p2p.timingPoints.find((p) => p.kind === 'split') ?? p2p.timingPoints[0];
    const chip = `UNREG${i + 1}`;
    emit(chip, split.id, p2p.gunTime + elapsedAt(split.distance, 330, 0, p2p.distance) * 1000, `${chip}.${split.id}`, false);
  }

  return reads.sort((a, b) => a.time - b.time || a.readId.localeCompare(b.readId));
}
