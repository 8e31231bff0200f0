// Stored reads as columns of typed arrays and string tables: how an engine snapshot carries the
// reads it holds, so a restart takes them from one file instead of reading the whole log again.

import type { StoredRead } from '../reads';

export interface ReadPack {
  seq: Float64Array;
  time: Float64Array;
  /** Indexes into `strings`; -1 for null. */
  point: Int32Array;
  chip: Int32Array;
  bib: Int32Array;
  device: Int32Array;
  strings: string[];
}

/** The reads again; equal strings come back as one string, not one per read. */
export function unpackReads(pack: ReadPack): StoredRead[] {
  const { strings } = pack;
  const at = (i: number) => (i < 0 ? null : strings[i]);
  const out: StoredRead[] = new Array(pack.seq.length);
  for (let i = 0; i < out.length; i++) {
    out[i] = { seq: pack.seq[i], point: strings[pack.point[i]], chip: at(pack.chip[i]), bib: at(pack.bib[i]), time: pack.time[i], device: at(pack.device[i]) };
  }
  return out;
}
