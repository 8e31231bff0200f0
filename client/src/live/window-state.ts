// One leaderboard window on the client: the snapshot `race:view` answered, then the changes inside
// it. Pure, so it is tested without a browser; a gap in the view's sequence is reported, never patched.
import type { RaceWindowSnapshot, RaceWindowUpdate } from '../../../shared/race-view';
import type { FilterOptions } from '../../../shared/board/filters';
import { sequenceStep } from '../../../shared/sequence';
import type { LeaderboardEntry, RaceCounters } from '../../../shared/views';

export interface WindowState {
  raceId: string;
  key: string;
  seq: number;
  counters: RaceCounters;
  total: number;
  offset: number;
  limit: number;
  /** The window's rows by their index in the filtered ordering. */
  rows: Map<number, LeaderboardEntry>;
  /** When each bib last changed (client ms), for the brief highlight. */
  changedAt: Map<string, number>;
  lastRead: number;
  options: FilterOptions;
  version: number;
}

export function fromWindowSnapshot(s: RaceWindowSnapshot, changedAt = new Map<string, number>()): WindowState {
  return {
    raceId: s.raceId,
    key: s.key,
    seq: s.seq,
    counters: s.counters,
    total: s.total,
    offset: s.offset,
    limit: s.limit,
    rows: new Map(s.rows.map((r, i) => [s.offset + i, r])),
    changedAt,
    lastRead: s.lastRead,
    options: s.options,
    version: 0,
  };
}

/** 'other' is an update of another view (an earlier window, still in flight): not for this state. */
export type WindowOutcome = 'applied' | 'stale' | 'gap' | 'other';

export function applyWindowUpdate(state: WindowState, update: RaceWindowUpdate, now: number): WindowOutcome {
  if (update.key !== state.key) return 'other';
  const step = sequenceStep(state.seq, update.seq);
  if (step === 'duplicate') return 'stale';
  if (step === 'gap') return 'gap';
  const byBib = new Map<string, LeaderboardEntry>();
  for (const row of state.rows.values()) byBib.set(row.bib, row);
  // A move of a row this window does not have: out of step, ask again.
  if (update.moved.some(([bib]) => !byBib.has(bib))) return 'gap';
  const leaving = new Set(update.removed);
  for (const r of update.rows) leaving.add(r.bib);
  for (const [bib] of update.moved) leaving.add(bib);
  // First empty every slot a moved or removed row held, then put rows where they are now.
  for (const [index, row] of state.rows) if (leaving.has(row.bib)) state.rows.delete(index);
  for (const [bib, index, overall, gender, ageGroup] of update.moved) {
    state.rows.set(index, { ...byBib.get(bib)!, places: overall === null || gender === null ? null : { overall, gender, ageGroup } });
  }
  for (const { index, ...row } of update.rows) {
    state.rows.set(index, row);
    state.changedAt.set(row.bib, now);
  }
  for (const bib of update.removed) state.changedAt.delete(bib);
  state.seq = update.seq;
  state.counters = update.counters;
  state.total = update.total;
  state.lastRead = update.lastRead;
  state.version += 1;
  return 'applied';
}

/** The window's rows in order (for tests and checks). */
export function windowRows(state: WindowState): LeaderboardEntry[] {
  return [...state.rows].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
}
