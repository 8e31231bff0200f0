// Quantiles of a stream of numbers in fixed bins: adding is O(1) and memory is constant, so the
// engine can keep one per course segment and pace band and still read quantiles on every read.

export class QuantileHistogram {
  /** Counts per bin: whole numbers, so four bytes each (an engine keeps thousands of these). */
  private bins: Uint32Array;
  count = 0;

  constructor(
    private readonly min: number,
    private readonly max: number,
    private readonly width: number,
  ) {
    this.bins = new Uint32Array(Math.ceil((max - min) / width));
  }

  /** Its counts, for an engine snapshot. */
  saved(): { bins: Uint32Array; count: number } {
    return { bins: this.bins.slice(), count: this.count };
  }

  /** Back to counts saved from a histogram of the same span and bin width. */
  restore(saved: { bins: Uint32Array; count: number }): this {
    if (saved.bins.length !== this.bins.length) throw new Error('histogram snapshot of another shape');
    this.bins.set(saved.bins);
    this.count = saved.count;
    return this;
  }

  add(value: number): void {
    const last = this.bins.length - 1;
    const i = Math.min(last, Math.max(0, Math.floor((value - this.min) / this.width)));
    this.bins[i] += 1;
    this.count += 1;
  }

  /** The q-quantile (0..1), linear within a bin; NaN while empty. */
  quantile(q: number): number {
    if (this.count === 0) return Number.NaN;
    // The same quantile is asked for again and again between adds (every start read asks three).
    if (this.memoCount !== this.count) {
      this.memo.clear();
      this.memoCount = this.count;
    }
    let value = this.memo.get(q);
    if (value === undefined) this.memo.set(q, (value = this.scan(q)));
    return value;
  }

  private memo = new Map<number, number>();
  private memoCount = -1;

  private scan(q: number): number {
    const target = q * this.count;
    let below = 0;
    for (let i = 0; i < this.bins.length; i++) {
      const n = this.bins[i];
      if (n > 0 && below + n >= target) return this.min + this.width * (i + (target - below) / n);
      below += n;
    }
    return this.max;
  }
}
