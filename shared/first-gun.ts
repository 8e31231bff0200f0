// The first gun of a race or of an event: its own gun or its earliest wave's, whichever came first.
// Majors start in waves with no gun for the race itself, so a clock from race.gunTime alone never runs.
export interface RaceGuns {
  gunTime: number | null;
  waves: readonly { gunTime: number | null }[];
}

/** The earliest gun set among the races and their waves; null before any gun is set. */
export function firstGun(races: readonly RaceGuns[]): number | null {
  const guns = races.flatMap((r) => [r.gunTime, ...r.waves.map((w) => w.gunTime)]).filter((g): g is number => g !== null);
  return guns.length ? Math.min(...guns) : null;
}
