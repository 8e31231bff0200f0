// "My spot": a point on a race's course where a spectator stands. For each followed runner, when
// they are expected there and the 80 % range, from the engine's projection (the same line the
// announcer's ETAs lie on); and whether it is time to tell the spectator to get ready. Pure: the
// clock is a parameter.
import { z } from 'zod';
import type { Race } from './domain';
import { approachAtDistance, type Approach } from './engine/approaching';
import type { RunnerRow } from './views';

/** A spot: metres from the start along a race's course (on a loop race, along the loop). */
export const spotSchema = z
  .object({
    raceId: z.string().min(1).max(64),
    distance: z.number().finite().min(0).max(1_000_000),
  })
  .strict();
export type Spot = z.infer<typeof spotSchema>;

/** The spot alert comes this long before the runner is expected there. */
export const SPOT_LEAD_MS = 10 * 60_000;
/** A runner expected at the spot longer ago than this (not read since) is not worth an alert any more. */
export const SPOT_STALE_MS = 10 * 60_000;

/** Why a spot does not fit a race, or null when it does. */
export function spotProblem(race: Race | undefined, spot: Spot): string | null {
  if (!race) return `no race "${spot.raceId}" in this event`;
  const span = courseSpan(race);
  if (spot.distance > span) return `is beyond the course of ${race.name} (${span} m)`;
  return null;
}

/** Metres the spot distance can be: the race, or one lap of a loop. */
export function courseSpan(race: Race): number {
  return race.kind === 'loop' && race.loop ? race.loop.length : race.distance;
}

/** The race distance at which a runner next reaches the spot (on a loop: next lap's), or null when behind them. */
export function nextSpotDistance(race: Race, spot: Spot, lastDistance: number): number | null {
  if (race.kind === 'loop' && race.loop) {
    const { length } = race.loop;
    let d = Math.floor(lastDistance / length) * length + spot.distance;
    if (d <= lastDistance) d += length;
    return d <= race.distance ? d : null;
  }
  return spot.distance > lastDistance && spot.distance <= race.distance ? spot.distance : null;
}

/** When an on-course runner of the spot's race is expected at the spot, with the range; null otherwise. */
export function spotApproach<T extends RunnerRow>(race: Race | undefined, spot: Spot, row: T): (Approach<T> & { distance: number }) | null {
  if (!race || race.id !== spot.raceId || row.raceId !== race.id || row.status !== 'onCourse') return null;
  const distance = nextSpotDistance(race, spot, row.lastDistance);
  if (distance === null) return null;
  const a = approachAtDistance(race, row, distance);
  return a && { ...a, distance };
}

/** From when the spot alert is due, and until when it is still worth sending. */
export function spotAlertWindow(eta: number): { from: number; until: number } {
  return { from: eta - SPOT_LEAD_MS, until: eta + SPOT_STALE_MS };
}

/** The key a spot alert is told once by: the same runner at the same spot (and lap) once. */
export function spotAlertKey(spot: Spot, distance: number): string {
  return `${spot.raceId}@${Math.round(distance)}`;
}
