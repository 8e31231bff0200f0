// How often one client may ask for something: a token bucket per client and kind of request (an
// address's snapshots and follows, an organizer session's monitoring, a phone tracker's fixes). A refusal is answered; a client that
// keeps asking while refused may be cut off, since no client of ours does that.
import type { Clock } from '../../shared/clock';

export interface BucketRule {
  /** Requests allowed at once. */
  burst: number;
  /** Requests regained per second. */
  perSecond: number;
  /** Refusals in a row after which the socket is disconnected. */
  refusalsBeforeDisconnect: number;
}

export type BucketOutcome = 'allowed' | 'refused' | 'disconnect';

export class TokenBucket {
  /** No limit at all. */
  static readonly unlimited = { take: (_cost?: number): BucketOutcome => 'allowed' };

  private tokens: number;
  private at: number;
  private refusals = 0;

  constructor(
    private rule: BucketRule,
    private now: Clock,
  ) {
    this.tokens = rule.burst;
    this.at = now();
  }

  /**
   * Spend `cost` units. Allowed whenever at least one unit is left, even if the cost is more (a
   * big race's snapshot must still be served once): the bucket then waits out its debt.
   */
  take(cost = 1): BucketOutcome {
    const now = this.now();
    this.tokens = Math.min(this.rule.burst, this.tokens + ((now - this.at) / 1000) * this.rule.perSecond);
    this.at = now;
    if (this.tokens >= 1) {
      this.tokens -= cost;
      this.refusals = 0;
      return 'allowed';
    }
    return ++this.refusals >= this.rule.refusalsBeforeDisconnect ? 'disconnect' : 'refused';
  }

  /** How long until the bucket is full again (0: it is). */
  msUntilFull(): number {
    const tokens = this.tokens + ((this.now() - this.at) / 1000) * this.rule.perSecond;
    return tokens >= this.rule.burst ? 0 : Math.ceil(((this.rule.burst - tokens) / this.rule.perSecond) * 1000);
  }
}

/** A phone sends a fix every few seconds; a burst after it regains its network is fine. */
export const TRACKER_RULE: BucketRule = { burst: 20, perSecond: 1, refusalsBeforeDisconnect: Number.POSITIVE_INFINITY };

/**
 * Subscribes and follows per client address, all its sockets together: `burst` at once, two a
 * second after that (a page subscribes a few races at load and again after a reconnect; a screen
 * all of them). 0: no limit.
 */
export function spectatorRule(burst: number): BucketRule | null {
  return burst > 0 ? { burst, perSecond: 2, refusalsBeforeDisconnect: burst } : null;
}
