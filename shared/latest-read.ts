// The race clock follows the latest mat time it has seen; server and client take it the same way.
import type { RunnerRow } from './views';

/** The latest mat time among rows (epoch ms), 0 when none has been read. */
export function latestReadTime(rows: Iterable<Pick<RunnerRow, 'lastTime'>>): number {
  let latest = 0;
  for (const r of rows) if (r.lastTime !== null && r.lastTime > latest) latest = r.lastTime;
  return latest;
}
