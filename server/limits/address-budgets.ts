// Budgets per client address, shared by all of its sockets: opening more sockets buys no more
// snapshots. An address's budget outlives its last socket until it would have refilled, so
// reconnecting does not refill it either.
import type { Clock } from '../../shared/clock';
import { TokenBucket, type BucketRule } from './token-bucket';

export interface AddressBudget {
  /** Race, field and view subscriptions and summaries. */
  subscribes: Pick<TokenBucket, 'take'>;
  follows: Pick<TokenBucket, 'take'>;
}

const UNLIMITED: AddressBudget = { subscribes: TokenBucket.unlimited, follows: TokenBucket.unlimited };

interface Held {
  subscribes: TokenBucket;
  follows: TokenBucket;
  users: number;
  forget: NodeJS.Timeout | null;
}

export class AddressBudgets {
  private budgets = new Map<string, Held>();

  constructor(
    private rule: BucketRule | null,
    private now: Clock,
  ) {}

  /** The address's budget, for one more socket of it; `leave` when that socket is gone. */
  join(address: string): AddressBudget {
    if (!this.rule) return UNLIMITED;
    let entry = this.budgets.get(address);
    if (!entry) {
      entry = { subscribes: new TokenBucket(this.rule, this.now), follows: new TokenBucket(this.rule, this.now), users: 0, forget: null };
      this.budgets.set(address, entry);
    }
    if (entry.forget) clearTimeout(entry.forget);
    entry.forget = null;
    entry.users++;
    return entry;
  }

  leave(address: string): void {
    const entry = this.budgets.get(address);
    if (!entry || --entry.users > 0) return;
    // Forgotten once it would be full again: nothing is lost, and an idle address costs nothing.
    const forget = () => {
      const wait = Math.max(entry.subscribes.msUntilFull(), entry.follows.msUntilFull());
      if (wait === 0) this.budgets.delete(address);
      else (entry.forget = setTimeout(forget, wait)).unref();
    };
    forget();
  }

  /** Addresses with a budget held (for tests and statistics). */
  size(): number {
    return this.budgets.size;
  }

  close(): void {
    for (const entry of this.budgets.values()) if (entry.forget) clearTimeout(entry.forget);
    this.budgets.clear();
  }
}
