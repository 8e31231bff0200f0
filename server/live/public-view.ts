// What spectators may see of a runner: a private entrant has no name.
import type { RunnerDetail, RunnerRow } from '../../shared/views';

export function publicRow(r: RunnerDetail | RunnerRow): RunnerRow {
  const { splits: _splits, waveId: _waveId, ...row } = r as RunnerDetail;
  return r.private ? { ...row, name: null } : row;
}

export function publicDetail(r: RunnerDetail): RunnerDetail {
  return r.private ? { ...r, name: null } : r;
}
