// Per runner, what the range model remembers of the projections it made: stored for all runners
// in a handful of typed arrays (a slot per runner) rather than five small arrays each, so tens of
// thousands of runners cost no per-object overhead and a snapshot copies five arrays, not 100,000.
// A finished runner's slot is cleared and used again.

/**
 * What a projected net becomes once the runner reached its mat and its error was learned: it is
 * needed no more, and a mark in place costs nothing (a flag per pair was 35 MB at NYC size). No
 * projection is ever -Infinity, and one that were would teach nothing either way.
 */
export const LEARNED = Number.NEGATIVE_INFINITY;

/** Where the pair (mat projected from `f`, mat projected at `t`), f < t, is in a slot's triangle. */
export function pairIndex(f: number, t: number): number {
  return (t * (t - 1)) / 2 + f;
}

/** A runner's slot: mats counted from 0 (the start); only pairs from an earlier mat to a later one are kept. */
export interface SlabSnapshot {
  size: number;
  /** Runner ids and their slots, side by side. */
  ids: string[];
  slots: Int32Array;
  free: Int32Array;
  fromNet: Float64Array;
  band: Int32Array;
  projected: Float64Array;
  widthCap: Float64Array;
}

export class RunnerPathSlab {
  /** Per slot and mat from: net ms there, NaN until projected from there. */
  fromNet: Float64Array;
  /** Per slot and mat from: the runner's pace band then. */
  band: Int32Array;
  /** Per slot, at pairIndex(from, to): net ms projected at mat `to` from mat `from`; LEARNED once its error was learned. */
  projected: Float64Array;
  /** Per slot and mat: widest finish range allowed there (never wider than one published before). */
  widthCap: Float64Array;
  private slots = new Map<string, number>();
  private free: number[] = [];
  private capacity = 0;
  /** Slots ever handed out: the arrays' used part. */
  private used = 0;

  /** Pairs of mats a slot keeps. */
  readonly pairs: number;

  constructor(readonly size: number) {
    this.pairs = (size * (size - 1)) / 2;
    this.fromNet = new Float64Array(0);
    this.band = new Int32Array(0);
    this.projected = new Float64Array(0);
    this.widthCap = new Float64Array(0);
  }

  slotOf(id: string): number | undefined {
    return this.slots.get(id);
  }

  /** The runner's slot, made (cleared) when they have none. */
  open(id: string): number {
    const known = this.slots.get(id);
    if (known !== undefined) return known;
    let slot = this.free.pop();
    if (slot === undefined) {
      if (this.used === this.capacity) this.grow(Math.max(64, this.capacity * 2));
      slot = this.used++;
    }
    this.clear(slot);
    this.slots.set(id, slot);
    return slot;
  }

  close(id: string): void {
    const slot = this.slots.get(id);
    if (slot === undefined) return;
    this.slots.delete(id);
    this.free.push(slot);
  }

  /** The used part of the arrays: views, not copies (see EngineSnapshot). */
  saved(): SlabSnapshot {
    const n = this.used;
    const s = this.size;
    return {
      size: s,
      ids: [...this.slots.keys()],
      slots: Int32Array.from(this.slots.values()),
      free: Int32Array.from(this.free),
      fromNet: this.fromNet.subarray(0, n * s),
      band: this.band.subarray(0, n * s),
      projected: this.projected.subarray(0, n * this.pairs),
      widthCap: this.widthCap.subarray(0, n * s),
    };
  }

  /** Takes the saved arrays as they are (a major's are hundreds of megabytes): the slab grows from them when it must. */
  restore(saved: SlabSnapshot): void {
    if (saved.size !== this.size) throw new Error('runner paths of another course');
    const n = saved.fromNet.length / this.size;
    const { fromNet, band, projected, widthCap } = saved;
    Object.assign(this, { fromNet, band, projected, widthCap, capacity: n });
    this.slots = new Map(saved.ids.map((id, i) => [id, saved.slots[i]]));
    this.free = Array.from(saved.free);
    this.used = n;
  }

  private clear(slot: number): void {
    const s = this.size;
    this.fromNet.fill(Number.NaN, slot * s, (slot + 1) * s);
    this.band.fill(0, slot * s, (slot + 1) * s);
    this.projected.fill(Number.NaN, slot * this.pairs, (slot + 1) * this.pairs);
    this.widthCap.fill(Number.POSITIVE_INFINITY, slot * s, (slot + 1) * s);
  }

  private grow(capacity: number): void {
    const s = this.size;
    const fromNet = new Float64Array(capacity * s);
    fromNet.set(this.fromNet);
    const band = new Int32Array(capacity * s);
    band.set(this.band);
    const projected = new Float64Array(capacity * this.pairs);
    projected.set(this.projected);
    const widthCap = new Float64Array(capacity * s);
    widthCap.set(this.widthCap);
    Object.assign(this, { fromNet, band, projected, widthCap, capacity });
  }
}
