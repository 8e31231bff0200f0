// Token buckets shared by every connection of one key (a client address, an organizer session):
// opening more connections buys no more. A key's bucket outlives its last connection until it
// would have refilled, so reconnecting does not refill it either; then it is forgotten.
import type { Clock } from '../../shared/clock';
import { TokenBucket, type BucketRule } from './token-bucket';

export type Budget = Pick<TokenBucket, 'take'>;

interface Held {
  bucket: TokenBucket;
  users: number;
  forget: NodeJS.Timeout | null;
}

export class SharedBuckets {
  private held = new Map<string, Held>();

  /** `rule` null: no limit. */
  constructor(
    private rule: BucketRule | null,
    private now: Clock,
  ) {}

  /** The key's bucket, for one more connection of it; `leave` when that connection is gone. */
  join(key: string): Budget {
    if (!this.rule) return TokenBucket.unlimited;
    let entry = this.held.get(key);
    if (!entry) this.held.set(key, (entry = { bucket: new TokenBucket(this.rule, this.now), users: 0, forget: null }));
    if (entry.forget) clearTimeout(entry.forget);
    entry.forget = null;
    entry.users++;
    return entry.bucket;
  }

  leave(key: string): void {
    const entry = this.held.get(key);
    if (!entry || --entry.users > 0) return;
    const forget = () => {
      const wait = entry.bucket.msUntilFull();
      if (wait === 0) this.held.delete(key);
      else (entry.forget = setTimeout(forget, wait)).unref();
    };
    forget();
  }

  close(): void {
    for (const entry of this.held.values()) if (entry.forget) clearTimeout(entry.forget);
    this.held.clear();
  }
}
