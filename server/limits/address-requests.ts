// A request budget per client address for HTTP questions that cost the primary real work (the
// race as it was, `?at=`): one address scrubbing in a loop cannot load the server that ingests.
// An address's bucket is forgotten once it would have refilled.
import type { Clock } from '../../shared/clock';
import { TokenBucket, type BucketRule } from './token-bucket';

/** A page asks for a board and a runner per move of the time control; a drag, a few a second. */
export const MOMENT_RULE: BucketRule = { burst: 60, perSecond: 5, refusalsBeforeDisconnect: Number.POSITIVE_INFINITY };

export class AddressRequests {
  private buckets = new Map<string, TokenBucket>();

  /** `rule` null: no limit. */
  constructor(
    private rule: BucketRule | null,
    private now: Clock,
  ) {}

  /** Whether the address may ask now; spends one unit when it may. */
  take(address: string): boolean {
    if (!this.rule) return true;
    let bucket = this.buckets.get(address);
    if (!bucket) {
      if (this.buckets.size >= 10_000) this.forgetFull();
      this.buckets.set(address, (bucket = new TokenBucket(this.rule, this.now)));
    }
    return bucket.take() === 'allowed';
  }

  /** Seconds until the address has a unit again (for Retry-After). */
  retryAfter(): number {
    return this.rule ? Math.ceil(1 / this.rule.perSecond) : 0;
  }

  private forgetFull(): void {
    for (const [address, bucket] of this.buckets) if (bucket.msUntilFull() === 0) this.buckets.delete(address);
  }
}
