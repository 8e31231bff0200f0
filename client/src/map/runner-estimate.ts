// Where a runner probably is now. Between two mats the dot moves so that it reaches the next mat
// exactly at the ETA the engine published (so map, ETA and announcer agree); without an ETA it runs
// on the shared projector from the last mat. A projection never passes the next mat: the runner
// waits there, overdue. The engine's 80 % range of that ETA spreads the runner along the course:
// from where they would be arriving at its late end to where they would be arriving at its early
// end, a spread that grows with the time since the last mat.
import type { Race } from '../../../shared/domain';
import { FADE_EXPONENT, projectorFor, type Projector } from '../../../shared/engine/projection';
import type { FieldRow } from '../../../shared/field-stream';

/** Pace assumed for a runner seen only at the start, s/km. */
export const DEFAULT_PACE_S_PER_KM = 360;
/** After this long without a mat, a dot is as faint as it gets. */
export const UNCERTAIN_AFTER_MS = 20 * 60_000;

export interface Trackable {
  bib: string;
  startTime: number;
  lastDistance: number;
  lastTime: number;
  nextMat: number;
  projector: Projector;
  /** The point the projection runs from (the last mat, or a default pace): for the per-frame path. */
  fromDistance: number;
  fromNet: number;
  /** Ms per metre to the next mat from the engine's ETA; 0 when there is none (use the projector). */
  msPerMetre: number;
  /** Ms per metre to the next mat at the early and the late end of the ETA's range; 0 without one. */
  msPerMetreFast: number;
  msPerMetreSlow: number;
}

export interface Estimate {
  distance: number;
  /** The spread along the course the runner is probably in (80 %), metres from the start. */
  low: number;
  high: number;
  /** Ms since the last mat. */
  age: number;
  overdue: boolean;
}

/** The next distance a mat will see the runner at. */
export function nextMatDistance(race: Race, lastDistance: number): number {
  if (race.kind === 'loop' && race.loop) {
    const lap = race.loop.length;
    return Math.min(race.distance, (Math.floor(lastDistance / lap + 1e-9) + 1) * lap);
  }
  let next = race.distance;
  for (const p of race.timingPoints) if (p.distance > lastDistance + 1e-6 && p.distance < next) next = p.distance;
  return next;
}

/** Null for a runner not to draw: private, not on course, or no start time. Rows and field slots alike. */
export function trackable(row: FieldRow, race: Race): Trackable | null {
  if (row.private || row.status !== 'onCourse' || row.startTime === null) return null;
  const hasOwn = row.lastNet !== null && row.lastNet > 0 && row.lastDistance > 0;
  // Seen only at the start but with an ETA from the field: the runner heads for it from the start line.
  const fromStart = !hasOwn && row.nextEta !== null;
  const from = hasOwn ? { distance: row.lastDistance, net: row.lastNet! } : fromStart ? { distance: 0, net: 0 } : { distance: 1000, net: DEFAULT_PACE_S_PER_KM * 1000 };
  const projector = projectorFor([hasOwn ? from : { distance: 1000, net: DEFAULT_PACE_S_PER_KM * 1000 }])!;
  const nextMat = nextMatDistance(race, row.lastDistance);
  const perMetre = (eta: number | null | undefined) => {
    if (eta === null || eta === undefined || !(hasOwn || fromStart)) return 0;
    const v = (eta - row.startTime! - from.net) / (nextMat - from.distance);
    return v > 0 && Number.isFinite(v) ? v : 0;
  };
  return {
    msPerMetre: perMetre(row.nextEta),
    msPerMetreFast: perMetre(row.nextEtaRange?.[0]),
    msPerMetreSlow: perMetre(row.nextEtaRange?.[1]),
    fromDistance: from.distance,
    fromNet: from.net,
    bib: row.bib,
    startTime: row.startTime,
    lastDistance: row.lastDistance,
    lastTime: row.lastTime ?? row.startTime,
    nextMat,
    projector,
  };
}

export function estimate(t: Trackable, now: number): Estimate {
  const raw = projectedDistance(t, now - t.startTime);
  const overdue = raw > t.nextMat;
  const distance = Math.max(t.lastDistance, Math.min(raw, t.nextMat));
  const [low, high] = spreadOf(t, now - t.startTime, distance);
  return { distance, low, high, age: Math.max(0, now - t.lastTime), overdue };
}

/** Where the runner would be arriving at the late and the early end of the ETA's range, around `distance`. */
export function spreadOf(t: Trackable, net: number, distance: number): [number, number] {
  if (t.msPerMetreSlow <= 0 || t.msPerMetreFast <= 0) return [distance, distance];
  const run = net - t.fromNet;
  const clamp = (d: number) => (d < t.lastDistance ? t.lastDistance : d > t.nextMat ? t.nextMat : d);
  return [Math.min(distance, clamp(t.fromDistance + run / t.msPerMetreSlow)), Math.max(distance, clamp(t.fromDistance + run / t.msPerMetreFast))];
}

/** 1 just after a mat, fading to 0.3 as the estimate grows old. */
export function certainty(age: number): number {
  return Math.max(0.3, 1 - (0.7 * age) / UNCERTAIN_AFTER_MS);
}

/**
 * The shared projector's distanceAt for one point, as a plain function of numbers: the map calls it
 * for every runner ten times a second, where a closure call per runner costs five times as much.
 * A unit test holds it equal to the projector.
 */
export function projectedDistance(t: Trackable, net: number): number {
  if (net <= 0) return 0;
  if (t.msPerMetre > 0) return t.fromDistance + (net - t.fromNet) / t.msPerMetre;
  return net <= t.fromNet ? t.fromDistance * (net / t.fromNet) : t.fromDistance * Math.pow(net / t.fromNet, 1 / FADE_EXPONENT);
}
