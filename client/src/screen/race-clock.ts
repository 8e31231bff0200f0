// The race clock as the stands read it: time since the gun, or a countdown to it. Pure.
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

/** A gap behind the leader: "+0:12", "+1:05:09"; whole seconds, rounded down as places are. */
export function formatGap(ms: number): string {
  const total = Math.floor(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  return `+${h > 0 ? `${h}:${pad(m)}` : m}:${pad(total % 60)}`;
}
