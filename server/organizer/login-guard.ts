// Password guessing against one account gets nowhere, from one address or from many: after a few
// failures an account's wait grows exponentially, and it applies to the addresses that failed on
// it. An address that never failed (the real organizer at the venue) can still log in.
import type { Clock } from '../../shared/clock';

export interface LoginGuardRule {
  /** Failures on an account before any wait. */
  freeFailures: number;
  /** The first wait; each further failure doubles it. */
  baseMs: number;
  maxMs: number;
  /** An account's failures are forgotten after this long without one. */
  forgetMs: number;
  /** Accounts (e-mail addresses, existing or not) remembered at once; the oldest are dropped. */
  maxAccounts: number;
}

export const LOGIN_GUARD_RULE: LoginGuardRule = { freeFailures: 5, baseMs: 2_000, maxMs: 15 * 60_000, forgetMs: 60 * 60_000, maxAccounts: 10_000 };

interface AccountFailures {
  count: number;
  last: number;
  /** Address → its last failure on this account. */
  addresses: Map<string, number>;
}

export class LoginGuard {
  private accounts = new Map<string, AccountFailures>();

  constructor(
    private now: Clock,
    private rule: LoginGuardRule = LOGIN_GUARD_RULE,
  ) {}

  /** Milliseconds this address must wait before trying this account again (0: it may now). */
  waitMs(email: string, address: string): number {
    const account = this.current(email);
    const failedAt = account?.addresses.get(address);
    if (!account || failedAt === undefined) return 0;
    return Math.max(0, failedAt + this.backoffMs(account.count) - this.now());
  }

  failed(email: string, address: string): void {
    const key = email.toLowerCase();
    const now = this.now();
    const account = this.current(email) ?? { count: 0, last: now, addresses: new Map<string, number>() };
    account.count++;
    account.last = now;
    account.addresses.delete(address);
    account.addresses.set(address, now);
    if (account.addresses.size > this.rule.maxAccounts) account.addresses.delete(account.addresses.keys().next().value!);
    this.accounts.delete(key);
    this.accounts.set(key, account);
    if (this.accounts.size > this.rule.maxAccounts) this.accounts.delete(this.accounts.keys().next().value!);
  }

  succeeded(email: string): void {
    this.accounts.delete(email.toLowerCase());
  }

  private backoffMs(failures: number): number {
    if (failures <= this.rule.freeFailures) return 0;
    return Math.min(this.rule.maxMs, this.rule.baseMs * 2 ** (failures - this.rule.freeFailures - 1));
  }

  private current(email: string): AccountFailures | undefined {
    const key = email.toLowerCase();
    const account = this.accounts.get(key);
    if (account && this.now() - account.last > this.rule.forgetMs) {
      this.accounts.delete(key);
      return undefined;
    }
    return account;
  }
}
