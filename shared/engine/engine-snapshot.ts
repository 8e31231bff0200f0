// An engine's snapshot as plain data (maps, arrays, typed arrays, numbers and strings), so it goes
// through structured clone to disk and back: what `EventEngine.snapshot` gives and `restore` takes.
import type { FieldModelSnapshot } from './field-model';
import type { ProjectionColumns } from './projection-columns';
import type { RangeModelSnapshot } from './range-model';
import type { StoredRead } from '../reads';
import type { ReadStoreSnapshot } from './runner-read-store';

/**
 * Everything an engine knows beyond its set-up and its reads' own content: which reads it holds,
 * what its models have learned, the projections it published. With the log, enough to stand the
 * engine up again without applying every read (plain data, for structured clone). Its typed arrays
 * are views of the engine's own (a major's are hundreds of megabytes: a copy would cost the event
 * loop more than writing them): encode or clone a snapshot before the engine changes again.
 */
export interface EngineSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  /** The set-up it was taken with, as JSON with sorted keys: another set-up makes it useless. */
  setup: string;
  /** The engine's read columns, every runner's chain through them, in the order applied. */
  reads: ReadStoreSnapshot;
  /** Per entrant of the set-up, in its order: where their chain starts and ends, and its length. */
  chains: { first: Int32Array; last: Int32Array; count: Int32Array };
  /** Reads no entrant claims (yet). */
  unmatched: StoredRead[];
  /** How many reads it holds: the chains' and the unmatched ones (not the columns' unused slots). */
  held: number;
  /** The highest log seq held or set aside (0: none). */
  maxSeq: number;
  /** Log seqs race control set aside, ascending. */
  setAside: Float64Array;
  clockOffsets: Map<string, number>;
  backupDevices: string[];
  /** Per entrant of the set-up, in its order: the projection published with their last change, if on course. */
  projections: ProjectionColumns;
  fields: Map<string, { matsKey: string; finish: number; model: FieldModelSnapshot }>;
  ranges: Map<string, { key: string; model: RangeModelSnapshot }>;
}

export const SNAPSHOT_FORMAT = 4;

/** The highest log seq among the reads' seqs and the set-aside ones (0: none). */
export function highestSeq(seqs: ArrayLike<number>, setAside: ReadonlySet<number>): number {
  let max = 0;
  for (let i = 0; i < seqs.length; i++) if (seqs[i] > max) max = seqs[i];
  for (const seq of setAside) if (seq > max) max = seq;
  return max;
}

/** The log seqs a snapshot holds: its runners' reads and the unmatched ones. */
export function heldSeqs(snapshot: EngineSnapshot): Set<number> {
  const held = new Set<number>(snapshot.unmatched.map((r) => r.seq));
  const { first, count } = snapshot.chains;
  const { seqs, nexts } = snapshot.reads;
  for (let r = 0; r < first.length; r++) {
    for (let i = first[r], left = count[r]; left > 0; i = nexts[i], left--) held.add(seqs[i]);
  }
  return held;
}
