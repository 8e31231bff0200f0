// The spectator budgets of client addresses, shared by all of an address's sockets: opening more
// sockets, or closing them all and reconnecting, buys no more snapshots.
import type { Clock } from '../../shared/clock';
import { SharedBuckets, type Budget } from './shared-buckets';
import type { BucketRule } from './token-bucket';

export interface AddressBudget {
  /** Race, field and view subscriptions and summaries. */
  subscribes: Budget;
  follows: Budget;
}

export class AddressBudgets {
  private subscribes: SharedBuckets;
  private follows: SharedBuckets;

  constructor(rule: BucketRule | null, now: Clock) {
    this.subscribes = new SharedBuckets(rule, now);
    this.follows = new SharedBuckets(rule, now);
  }

  /** The address's budget, for one more socket of it; `leave` when that socket is gone. */
  join(address: string): AddressBudget {
    return { subscribes: this.subscribes.join(address), follows: this.follows.join(address) };
  }

  leave(address: string): void {
    this.subscribes.leave(address);
    this.follows.leave(address);
  }

  close(): void {
    this.subscribes.close();
    this.follows.close();
  }
}
