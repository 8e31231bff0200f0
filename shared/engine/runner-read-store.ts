// Every read the engine scores, once, in columns of typed arrays: no object, no boxed time and no
// array per read, which at a major's size (millions of reads) is most of the engine's memory.
// Each runner's reads form a chain through `next`, in the order they were applied.
import type { StoredRead } from '../reads';

/** Where a runner's chain starts and ends, and how many reads it holds. */
export interface ReadChain {
  first: number;
  last: number;
  count: number;
}

export const NO_READ = -1;

/** A store's columns (their used part) and string table, as `saved` gives them: plain data for a snapshot. */
export interface ReadStoreSnapshot {
  seqs: Float64Array;
  times: Float64Array;
  points: Int32Array;
  devices: Int32Array;
  chips: Int32Array;
  bibs: Int32Array;
  nexts: Int32Array;
  /** Index 0 is null: the code of a missing value. */
  strings: (string | null)[];
}

export function emptyChain(): ReadChain {
  return { first: NO_READ, last: NO_READ, count: 0 };
}

export class RunnerReadStore {
  private size = 0;
  private seqs: Float64Array = new Float64Array(0);
  private times: Float64Array = new Float64Array(0);
  /** Codes into `strings`; 0 for null. */
  private points: Int32Array = new Int32Array(0);
  private devices: Int32Array = new Int32Array(0);
  private chips: Int32Array = new Int32Array(0);
  private bibs: Int32Array = new Int32Array(0);
  private nexts: Int32Array = new Int32Array(0);
  private strings: (string | null)[] = [null];
  private codes = new Map<string, number>();

  /** Append a read at the end of `chain`. */
  add(chain: ReadChain, read: StoredRead): void {
    if (this.size === this.seqs.length) this.grow(Math.max(1024, Math.ceil(this.size * 1.5)));
    const i = this.size++;
    this.seqs[i] = read.seq;
    this.times[i] = read.time;
    this.points[i] = this.code(read.point);
    this.devices[i] = this.code(read.device);
    this.chips[i] = this.code(read.chip);
    this.bibs[i] = this.code(read.bib);
    this.nexts[i] = NO_READ;
    if (chain.last === NO_READ) chain.first = i;
    else this.nexts[chain.last] = i;
    chain.last = i;
    chain.count++;
  }

  /** Take the read with this log seq out of `chain` (its slot stays unused). False when the chain has none. */
  remove(chain: ReadChain, seq: number): boolean {
    let before = NO_READ;
    for (let i = chain.first; i !== NO_READ; before = i, i = this.nexts[i]) {
      if (this.seqs[i] !== seq) continue;
      const after = this.nexts[i];
      if (before === NO_READ) chain.first = after;
      else this.nexts[before] = after;
      if (chain.last === i) chain.last = before;
      chain.count--;
      return true;
    }
    return false;
  }

  has(chain: ReadChain, seq: number): boolean {
    for (let i = chain.first; i !== NO_READ; i = this.nexts[i]) if (this.seqs[i] === seq) return true;
    return false;
  }

  /** Whether any read of the chain came from `device`. */
  hasDevice(chain: ReadChain, device: string): boolean {
    const code = this.codes.get(device);
    if (code === undefined) return false;
    for (let i = chain.first; i !== NO_READ; i = this.nexts[i]) if (this.devices[i] === code) return true;
    return false;
  }

  /** The chain's reads as the devices sent them, in the order they were applied. */
  reads(chain: ReadChain): StoredRead[] {
    const out: StoredRead[] = [];
    for (let i = chain.first; i !== NO_READ; i = this.nexts[i]) out.push(this.read(i));
    return out;
  }

  /** Walk a chain without making read objects: `next(i)` until NO_READ. */
  next(i: number): number {
    return this.nexts[i];
  }

  time(i: number): number {
    return this.times[i];
  }

  point(i: number): string {
    return this.strings[this.points[i]]!;
  }

  device(i: number): string | null {
    return this.strings[this.devices[i]];
  }

  /** The code of the read's point: equal codes, equal points. */
  pointCode(i: number): number {
    return this.points[i];
  }

  /** The code a string has in this store; undefined when no read has it. */
  codeOf(value: string): number | undefined {
    return this.codes.get(value);
  }

  read(i: number): StoredRead {
    return { seq: this.seqs[i], point: this.point(i), chip: this.strings[this.chips[i]], bib: this.strings[this.bibs[i]], time: this.times[i], device: this.device(i) };
  }

  /**
   * The columns as they are, for a snapshot: views of the store's own arrays, no copy (a major holds
   * millions of reads). Encode or clone it before the store changes.
   */
  saved(): ReadStoreSnapshot {
    const n = this.size;
    return {
      seqs: this.seqs.subarray(0, n),
      times: this.times.subarray(0, n),
      points: this.points.subarray(0, n),
      devices: this.devices.subarray(0, n),
      chips: this.chips.subarray(0, n),
      bibs: this.bibs.subarray(0, n),
      nexts: this.nexts.subarray(0, n),
      strings: this.strings,
    };
  }

  /** A store holding what `saved` gave, its arrays taken as they are (the chains that point into them stay valid). */
  static restore(saved: ReadStoreSnapshot): RunnerReadStore {
    const store = new RunnerReadStore();
    store.size = saved.seqs.length;
    store.seqs = saved.seqs;
    store.times = saved.times;
    store.points = saved.points;
    store.devices = saved.devices;
    store.chips = saved.chips;
    store.bibs = saved.bibs;
    store.nexts = saved.nexts;
    store.strings = [...saved.strings];
    store.codes = new Map();
    for (let code = 1; code < store.strings.length; code++) store.codes.set(store.strings[code]!, code);
    return store;
  }

  private code(value: string | null): number {
    if (value === null) return 0;
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.strings.length;
      this.strings.push(value);
      this.codes.set(value, code);
    }
    return code;
  }

  private grow(capacity: number): void {
    const grown = <T extends Float64Array | Int32Array>(old: T): T => {
      const next = new (old.constructor as new (n: number) => T)(capacity);
      next.set(old.subarray(0, this.size));
      return next;
    };
    this.seqs = grown(this.seqs);
    this.times = grown(this.times);
    this.points = grown(this.points);
    this.devices = grown(this.devices);
    this.chips = grown(this.chips);
    this.bibs = grown(this.bibs);
    this.nexts = grown(this.nexts);
  }
}
