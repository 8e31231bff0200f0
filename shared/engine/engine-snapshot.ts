// An engine's snapshot as plain data (maps, arrays, typed arrays, numbers and strings), so it goes
// through structured clone to disk and back: what `EventEngine.snapshot` gives and `restore` takes.
import type { PublishedProjection } from './derive-runner';
import type { FieldModelSnapshot } from './field-model';
import type { RangeModelSnapshot } from './range-model';
import type { ReadPack } from './read-pack';

/**
 * Everything an engine knows beyond its set-up and its reads' own content: which reads it holds,
 * what its models have learned, the projections it published. With the log, enough to stand the
 * engine up again without applying every read (plain data, for structured clone). Its typed arrays
 * are copies of its own, so it can be written to disk after the engine has moved on.
 */
export interface EngineSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  /** The set-up it was taken with, as JSON with sorted keys: another set-up makes it useless. */
  setup: string;
  /** Every read the engine holds (runners' and unmatched), each runner's in the order applied. */
  reads: ReadPack;
  /** The highest log seq held or set aside (0: none). */
  maxSeq: number;
  /** Log seqs race control set aside, ascending. */
  setAside: Float64Array;
  clockOffsets: Map<string, number>;
  backupDevices: string[];
  /** Per runner on course: the projection published with their last change. */
  projections: Map<string, PublishedProjection>;
  fields: Map<string, { matsKey: string; finish: number; model: FieldModelSnapshot }>;
  ranges: Map<string, { key: string; model: RangeModelSnapshot }>;
}

export const SNAPSHOT_FORMAT = 2;

/** The highest log seq among the reads' seqs and the set-aside ones (0: none). */
export function highestSeq(seqs: ArrayLike<number>, setAside: ReadonlySet<number>): number {
  let max = 0;
  for (let i = 0; i < seqs.length; i++) if (seqs[i] > max) max = seqs[i];
  for (const seq of setAside) if (seq > max) max = seq;
  return max;
}
