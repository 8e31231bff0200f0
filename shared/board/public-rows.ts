// What spectators may see of runners. A private entrant is in no public list, search, map, runner
// page or socket message, not even by bib; the race counters still count them. Every spectator
// edge (HTTP answers, snapshots, deltas, followed runners, positions, looks back) goes through these.
import type { RunnerDetail, RunnerRow } from '../views';

export const isPublic = (r: Pick<RunnerRow, 'private'>): boolean => !r.private;

/** A runner as a leaderboard row, without the splits and the wave; only for a public runner. */
export function publicRow(r: RunnerDetail | RunnerRow): RunnerRow {
  const { splits: _splits, waveId: _waveId, ...row } = r as RunnerDetail;
  return row;
}

/** The public rows of a list: private entrants left out. */
export function publicRows(rows: Iterable<RunnerDetail | RunnerRow>): RunnerRow[] {
  const out: RunnerRow[] = [];
  for (const r of rows) if (isPublic(r)) out.push(publicRow(r));
  return out;
}
