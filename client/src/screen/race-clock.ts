// The race clock as the stands read it: time since the gun, or a countdown to it. Pure.
import { firstGun } from '../../../shared/first-gun';

export type ClockPhase = 'none' | 'before' | 'running';

export interface ClockReading {
  phase: ClockPhase;
  /** "1:02:03" running, "-4:59" before the gun, "–:––" without a gun time. */
  text: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** H:MM:SS, hours always shown as race clocks do; whole seconds, rounded down. */
export function formatClock(ms: number): string {
  const total = Math.floor(Math.max(0, ms) / 1000);
  return `${Math.floor(total / 3600)}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}

/** Time to the gun, rounded up so the countdown reads 0:01 in the last second and turns at the gun. */
export function formatCountdown(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  return `-${h > 0 ? `${h}:${pad(m)}` : m}:${pad(total % 60)}`;
}

export function raceClock(gunTime: number | null, now: number): ClockReading {
  if (gunTime === null) return { phase: 'none', text: '–:––' };
  if (now < gunTime) return { phase: 'before', text: formatCountdown(gunTime - now) };
  return { phase: 'running', text: formatClock(now - gunTime) };
}

export interface WaveClockReading extends ClockReading {
  /** Waves whose gun has gone, of all the race's waves; null for a race without waves. */
  waves: { off: number; total: number; next: { name: string; in: string } | null } | null;
}

/**
 * A race's clock as the stands expect it: from its first gun, the race's own or its first wave's
 * (majors start in waves, with no gun for the race itself), and which waves are off.
 */
export function waveRaceClock(race: { gunTime: number | null; waves: readonly { name: string; gunTime: number | null }[] }, now: number): WaveClockReading {
  const reading = raceClock(firstGun([race]), now);
  if (race.waves.length === 0) return { ...reading, waves: null };
  const off = race.waves.filter((w) => w.gunTime !== null && w.gunTime <= now).length;
  const coming = race.waves.filter((w) => w.gunTime !== null && w.gunTime > now).sort((a, b) => a.gunTime! - b.gunTime!)[0];
  return { ...reading, waves: { off, total: race.waves.length, next: coming ? { name: coming.name, in: formatCountdown(coming.gunTime! - now) } : null } };
}

/** A gap behind the leader: "+0:12", "+1:05:09"; whole seconds, rounded down as places are. */
export function formatGap(ms: number): string {
  const total = Math.floor(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  return `+${h > 0 ? `${h}:${pad(m)}` : m}:${pad(total % 60)}`;
}
