// Crowd density along the course: how many runners are in each kilometre of the race.
export function densityPerKm(distances: ArrayLike<number>, count: number, raceDistance: number): number[] {
  const bins = new Array<number>(Math.max(1, Math.ceil(raceDistance / 1000))).fill(0);
  for (let i = 0; i < count; i++) {
    const d = distances[i];
    if (!(d >= 0)) continue;
    bins[Math.min(bins.length - 1, Math.floor(d / 1000))] += 1;
  }
  return bins;
}
