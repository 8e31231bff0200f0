// Runners on course between each pair of mats, from their furthest point. Pure.
import type { Race } from '../../../shared/domain';
import type { SegmentCount } from '../../../shared/organizer';
import type { RunnerDetail } from '../../../shared/views';

export function runnersBetweenMats(race: Race, runners: Iterable<RunnerDetail>): SegmentCount[] {
  if (race.kind === 'loop' && race.loop) {
    const laps = race.loop.laps;
    const counts = new Array<number>(laps).fill(0);
    for (const r of runners) if (r.status === 'onCourse') counts[Math.min(laps - 1, r.laps ?? 0)]++;
    return counts.map((runners, lap) => ({ raceId: race.id, from: lap === 0 ? 'start' : `lap ${lap}`, to: `lap ${lap + 1}`, runners }));
  }
  const points = [...race.timingPoints].sort((a, b) => a.distance - b.distance);
  if (points[0]?.kind !== 'start') points.unshift({ id: 'start', name: 'Start', kind: 'start', distance: 0 });
  const counts = new Array<number>(points.length - 1).fill(0);
  for (const r of runners) {
    if (r.status !== 'onCourse') continue;
    // The last mat at or before the runner's furthest distance starts their segment.
    let i = 0;
    while (i + 1 < points.length - 1 && points[i + 1].distance <= r.lastDistance) i++;
    counts[i]++;
  }
  return counts.map((runners, i) => ({ raceId: race.id, from: points[i].id, to: points[i + 1].id, runners }));
}
