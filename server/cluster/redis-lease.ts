// Leadership by a lease in Redis, as Patroni does it with its store: the holder renews the key
// before it lapses; when it is not renewed (the leader's machine is gone) it expires and a standby
// takes it, under a term one higher. The holder counts its lease from the moment it *sent* the
// renewal, less a margin, so it stops leading before Redis can give the key to anyone else; a
// leader that was paused (GC, a frozen VM) finds its lease lapsed by its own clock when it wakes.
import { createClient } from 'redis';
import type { Logger } from 'pino';
import type { ClusterRole, Leadership } from './leadership';
import { leaseKeys, leaseValue, parseLeaseValue, ROSTER_EVERY_MS, ROSTER_TTL_MS } from './lease-keys';

type Client = ReturnType<typeof createClient>;

/** Takes the lease only when no one holds it; the term is counted up in the same step. */
const ACQUIRE = `
if redis.call('EXISTS', KEYS[1]) == 1 then
  return {0, tonumber(redis.call('GET', KEYS[2]) or '0'), redis.call('PTTL', KEYS[1])}
end
local term = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], term .. ' ' .. ARGV[1] .. ' ' .. ARGV[3], 'NX', 'PX', ARGV[2])
return {1, term, 0}`;

/** Extends the lease only while it is still this holder's under this term (compare and set); else tells the newest term. */
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return {redis.call('PEXPIRE', KEYS[1], ARGV[2]), 0} end
return {0, tonumber(redis.call('GET', KEYS[2]) or '0')}`;

/** Gives the lease up at a clean shutdown, so the standby need not wait for it to lapse. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** Share of the lease the holder counts on: what is left covers clock-rate drift between machines. */
const SAFE_SHARE = 0.8;

export interface RedisLeaseOptions {
  url: string;
  prefix: string;
  /** This instance. */
  holder: string;
  /** Where replicas reach this instance when it leads (known once it listens). */
  advertiseUrl: () => string;
  leaseMs: number;
  log: Logger;
  /** A monotonic clock (ms). */
  now?: () => number;
  /** Whether this instance may take the lease now (a standby whose copy is being made again may not). */
  eligible?: () => boolean;
}

export class RedisLease implements Leadership {
  private client: Client;
  private readonly keys;
  private readonly now: () => number;
  private leading = false;
  private heldTerm = 0;
  private newestTerm = 0;
  private validUntil = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private listeners: ((role: ClusterRole, term: number) => void)[] = [];
  private lastRole: ClusterRole = 'standby';
  private lastTerm = 0;

  constructor(private options: RedisLeaseOptions) {
    this.keys = leaseKeys(options.prefix);
    this.now = options.now ?? (() => performance.now());
    const socket = { reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 1000), connectTimeout: 2000 };
    // Fails at once while Redis is away: a queued renewal answered late would be misleading.
    this.client = createClient({ url: options.url, socket, disableOfflineQueue: true });
    this.client.on('error', () => {
      // Reported by the tick that fails.
    });
  }

  /** Connects and makes the first attempt, so the instance knows its role before it serves. */
  async start(): Promise<void> {
    await this.client.connect().catch((err: Error) => this.options.log.warn({ err: err.message }, 'lease: redis unreachable'));
    await this.tick();
  }

  role(): ClusterRole {
    return this.leading && this.now() < this.validUntil ? 'leader' : 'standby';
  }

  term(): number {
    return this.leading ? this.heldTerm : this.newestTerm;
  }

  holds(term: number): boolean {
    return this.leading && term === this.heldTerm && term >= this.newestTerm && this.now() < this.validUntil;
  }

  observe(term: number): void {
    if (term <= this.newestTerm) return;
    this.newestTerm = term;
    if (this.leading && term > this.heldTerm) this.stepDown(`term ${term} seen`);
    this.changed();
  }

  onChange(listener: (role: ClusterRole, term: number) => void): void {
    this.listeners.push(listener);
  }

  /** The replicas that announced themselves lately (for the console). */
  async replicas(): Promise<{ url: string }[]> {
    if (!this.client.isReady) return [];
    const keys: string[] = [];
    for await (const batch of this.client.scanIterator({ MATCH: this.keys.replicas, COUNT: 100 })) keys.push(...batch);
    if (keys.length === 0) return [];
    const urls = await this.client.mGet(keys);
    return urls.filter((u): u is string => u !== null).sort().map((url) => ({ url }));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.leading && this.client.isReady) {
      await this.client.eval(RELEASE, { keys: [this.keys.lease], arguments: [this.value()] }).catch(() => {});
    }
    this.leading = false;
    if (this.client.isReady) await this.client.close().catch(() => {});
    else this.client.destroy();
  }

  private value(): string {
    return leaseValue({ term: this.heldTerm, holder: this.options.holder, url: this.options.advertiseUrl() });
  }

  private async tick(): Promise<void> {
    this.timer = null;
    if (this.closed) return;
    const { leaseMs, log } = this.options;
    const renewEvery = Math.max(10, Math.floor(leaseMs / 3));
    const sentAt = this.now();
    let next = renewEvery;
    try {
      if (this.leading) {
        const [renewed, newest] = (await this.client.eval(RENEW, { keys: [this.keys.lease, this.keys.term], arguments: [this.value(), String(leaseMs)] })) as [number, number];
        if (renewed === 1) this.validUntil = sentAt + leaseMs * SAFE_SHARE;
        else {
          this.stepDown('lease taken over');
          if (newest > this.newestTerm) this.newestTerm = newest;
        }
      } else if (this.options.eligible && !this.options.eligible()) {
        // Not now: asked again at the next tick.
      } else {
        const [got, term, pttl] = (await this.client.eval(ACQUIRE, { keys: [this.keys.lease, this.keys.term], arguments: [this.options.holder, String(leaseMs), this.options.advertiseUrl()] })) as [number, number, number];
        if (got === 1) {
          this.leading = true;
          this.heldTerm = term;
          this.newestTerm = Math.max(this.newestTerm, term);
          this.validUntil = sentAt + leaseMs * SAFE_SHARE;
          log.info({ term }, 'lease: leading');
        } else {
          if (term > this.newestTerm) this.newestTerm = term;
          // Try again just after the holder's lease would lapse.
          if (pttl > 0) next = Math.min(pttl + 5, renewEvery);
        }
      }
    } catch (err) {
      if (this.leading && this.now() >= this.validUntil) this.stepDown('lease lapsed: redis unreachable');
      else log.warn({ err: (err as Error).message }, 'lease: redis unreachable');
      // A leader without Redis must learn soon that it cannot renew: retry often.
      next = Math.min(renewEvery, 100);
    }
    if (this.leading && this.now() >= this.validUntil) this.stepDown('lease lapsed');
    this.changed();
    if (!this.closed) this.timer = setTimeout(() => void this.tick(), next);
  }

  private stepDown(why: string): void {
    if (!this.leading) return;
    this.leading = false;
    this.options.log.warn({ term: this.heldTerm, why }, 'lease: no longer leading');
  }

  /** Tells the listeners when the role or the term changed since they were last told. */
  private changed(): void {
    const role = this.role();
    const term = this.term();
    if (role === this.lastRole && term === this.lastTerm) return;
    this.lastRole = role;
    this.lastTerm = term;
    for (const l of this.listeners) l(role, term);
  }

}

/** Where the leader is, read from its lease: how a replica follows whoever leads (and announces itself). */
export class LeaderDirectory {
  private client: Client;
  private announcing: NodeJS.Timeout | null = null;

  constructor(url: string, private prefix: string) {
    this.client = createClient({ url, socket: { reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000), connectTimeout: 2000 }, disableOfflineQueue: true });
    this.client.on('error', () => {});
  }

  async start(): Promise<void> {
    await this.client.connect().catch(() => {});
  }

  /** The leader's URL and term; throws when no one holds the lease (a failover under way). */
  async leader(): Promise<{ url: string; term: number }> {
    const holder = parseLeaseValue(await this.client.get(leaseKeys(this.prefix).lease));
    if (!holder) throw new Error('no instance holds the leader lease');
    return { url: holder.url, term: holder.term };
  }

  /** Keeps this replica in the roster the leader's console shows. */
  announce(id: string, url: () => string): void {
    const key = leaseKeys(this.prefix).replica(id);
    const once = () => void this.client.set(key, url(), { PX: ROSTER_TTL_MS }).catch(() => {});
    once();
    this.announcing = setInterval(once, ROSTER_EVERY_MS);
    this.announcing.unref();
  }

  async close(): Promise<void> {
    if (this.announcing) clearInterval(this.announcing);
    if (this.client.isReady) await this.client.close().catch(() => {});
    else this.client.destroy();
  }
}
