// A race's live rows on the client: a snapshot, then deltas keyed by bib. Pure, so it is tested
// without a browser; a gap in sequence numbers is reported, never patched over.
import type { RaceCounters, RaceSnapshot, RunnerRow } from '../../../shared/views';
import type { RaceUpdate } from '../../../shared/socket-events';
import { sequenceStep, type SequenceStep } from '../../../shared/sequence';

export interface RaceState {
  raceId: string;
  seq: number;
  counters: RaceCounters;
  rows: Map<string, RunnerRow>;
  /** When each bib last changed (client ms), for the brief highlight. */
  changedAt: Map<string, number>;
  /** Bumped on every change, so views can memoise on it. */
  version: number;
}

export function fromSnapshot(snapshot: RaceSnapshot): RaceState {
  return {
    raceId: snapshot.raceId,
    seq: snapshot.seq,
    counters: snapshot.counters,
    rows: new Map(snapshot.runners.map((r) => [r.bib, r])),
    changedAt: new Map(),
    version: 0,
  };
}

export type UpdateOutcome = 'applied' | 'stale' | 'gap';

const OUTCOME: Record<SequenceStep, UpdateOutcome> = { next: 'applied', duplicate: 'stale', gap: 'gap' };

export function updateOutcome(state: RaceState, update: RaceUpdate): UpdateOutcome {
  return OUTCOME[sequenceStep(state.seq, update.seq)];
}

/** Apply one update in place when it follows the last one; otherwise leave the state untouched. */
export function applyUpdate(state: RaceState, update: RaceUpdate, now: number): UpdateOutcome {
  const outcome = updateOutcome(state, update);
  if (outcome !== 'applied') return outcome;
  for (const row of update.runners) {
    state.rows.set(row.bib, row);
    state.changedAt.set(row.bib, now);
  }
  for (const bib of update.removed) {
    state.rows.delete(bib);
    state.changedAt.delete(bib);
  }
  state.seq = update.seq;
  state.counters = update.counters;
  state.version += 1;
  return outcome;
}

export { latestReadTime } from '../../../shared/latest-read';
