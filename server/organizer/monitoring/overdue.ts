// Overdue runners: the expected arrival at their next mat plus a tolerance has passed. Pure; the
// caller passes the clock.
import type { OverdueRunner } from '../../../shared/organizer';
import type { RunnerDetail } from '../../../shared/views';
import type { MonitoredRunner } from './expected-arrival';

export function overdueRunners(runners: Iterable<RunnerDetail | MonitoredRunner>, now: number, toleranceMs: number): OverdueRunner[] {
  const out: OverdueRunner[] = [];
  for (const r of runners) {
    if (r.status !== 'onCourse' || r.nextPoint === null || r.nextEta === null) continue;
    const overdueMs = now - (r.nextEta + toleranceMs);
    if (overdueMs <= 0) continue;
    const etaSource = (r as MonitoredRunner).etaSource ?? 'splits';
    out.push({ bib: r.bib, name: r.name, raceId: r.raceId, lastPoint: r.lastPoint, lastTime: r.lastTime, nextPoint: r.nextPoint, nextEta: r.nextEta, etaSource, overdueMs });
  }
  // Longest overdue first: the first people to look for.
  return out.sort((a, b) => b.overdueMs - a.overdueMs || a.bib.localeCompare(b.bib));
}
