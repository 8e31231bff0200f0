// Every read the engine scores, once, in columns of typed arrays: no object, no boxed time and no
// array per read, which at a major's size (millions of reads) is most of the engine's memory.
// Each runner's reads form a chain through `next`, in the order they were applied.
import type { StoredRead } from '../reads';
import type { ReadPack } from './read-pack';

/** Where a runner's chain starts and ends, and how many reads it holds. */
export interface ReadChain {
  first: number;
  last: number;
  count: number;
}

export const NO_READ = -1;

export function emptyChain(): ReadChain {
  return { first: NO_READ, last: NO_READ, count: 0 };
}

export class RunnerReadStore {
  private size = 0;
  private seqs = new Float64Array(0);
  private times = new Float64Array(0);
  /** Codes into `strings`; 0 for null. */
  private points = new Int32Array(0);
  private devices = new Int32Array(0);
  private chips = new Int32Array(0);
  private bibs = new Int32Array(0);
  private nexts = new Int32Array(0);
  private strings: (string | null)[] = [null];
  private codes = new Map<string, number>();

  /** Room for `count` more reads without growing again (a restore knows how many it brings). */
  reserve(count: number): void {
    if (this.size + count > this.seqs.length) this.grow(this.size + count);
  }

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
   * The chains' reads, chain after chain and each in its order, then `extra`, packed for a
   * snapshot straight from the columns (a major holds millions of reads: no object per read).
   */
  pack(chains: readonly ReadChain[], extra: readonly StoredRead[]): ReadPack {
    let n = extra.length;
    for (const chain of chains) n += chain.count;
    // Store code c is pack index c - 1: the store keeps null at 0, a pack writes it as -1.
    const strings = this.strings.slice(1) as string[];
    const pack: ReadPack = { seq: new Float64Array(n), time: new Float64Array(n), point: new Int32Array(n), chip: new Int32Array(n), bib: new Int32Array(n), device: new Int32Array(n), strings };
    let k = 0;
    for (const chain of chains) {
      for (let i = chain.first; i !== NO_READ; i = this.nexts[i], k++) {
        pack.seq[k] = this.seqs[i];
        pack.time[k] = this.times[i];
        pack.point[k] = this.points[i] - 1;
        pack.chip[k] = this.chips[i] - 1;
        pack.bib[k] = this.bibs[i] - 1;
        pack.device[k] = this.devices[i] - 1;
      }
    }
    for (const r of extra) {
      pack.seq[k] = r.seq;
      pack.time[k] = r.time;
      pack.point[k] = this.code(r.point) - 1;
      pack.chip[k] = this.code(r.chip) - 1;
      pack.bib[k] = this.code(r.bib) - 1;
      pack.device[k] = this.code(r.device) - 1;
      k++;
    }
    // `code` may have added strings for the extra reads.
    if (extra.length > 0) pack.strings = this.strings.slice(1) as string[];
    return pack;
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
