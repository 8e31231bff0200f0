// Overdue runners: the expected arrival at their next mat plus a tolerance has passed. Pure; the
// caller passes the clock. The runners who may become overdue are ordered once by expected
// arrival: for any tolerance the overdue are then a prefix of that order, longest overdue first,
// so reports with different tolerances share the ordering.
import type { OverdueRunner } from '../../../shared/organizer';
import type { RunnerDetail } from '../../../shared/views';
import type { MonitoredRunner } from './expected-arrival';

type Candidate = (RunnerDetail | MonitoredRunner) & { nextPoint: string; nextEta: number };

/** Runners on course with an expected arrival, earliest first (then by bib). */
export function overdueCandidates(runners: Iterable<RunnerDetail | MonitoredRunner>): Candidate[] {
  const out: Candidate[] = [];
  for (const r of runners) if (r.status === 'onCourse' && r.nextPoint !== null && r.nextEta !== null) out.push(r as Candidate);
  return out.sort((a, b) => a.nextEta - b.nextEta || a.bib.localeCompare(b.bib));
}

/** The overdue among `candidates` (from overdueCandidates): the first `limit` of them, and how many there are. */
export function overdueAmong(candidates: readonly Candidate[], now: number, toleranceMs: number, limit = Number.POSITIVE_INFINITY): { runners: OverdueRunner[]; total: number } {
  // Overdue when now - (eta + tolerance) > 0: the candidates with eta below now - tolerance.
  const before = now - toleranceMs;
  let lo = 0;
  let hi = candidates.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (candidates[mid].nextEta < before) lo = mid + 1;
    else hi = mid;
  }
  const runners = candidates.slice(0, Math.min(lo, limit)).map((r) => ({
    bib: r.bib,
    name: r.name,
    raceId: r.raceId,
    lastPoint: r.lastPoint,
    lastTime: r.lastTime,
    nextPoint: r.nextPoint,
    nextEta: r.nextEta,
    etaSource: (r as MonitoredRunner).etaSource ?? 'splits',
    overdueMs: now - (r.nextEta + toleranceMs),
  }));
  return { runners, total: lo };
}

export function overdueRunners(runners: Iterable<RunnerDetail | MonitoredRunner>, now: number, toleranceMs: number): OverdueRunner[] {
  return overdueAmong(overdueCandidates(runners), now, toleranceMs).runners;
}
