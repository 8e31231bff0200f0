// Which instance may write. A lone primary always leads; a replica never does; in a cluster the
// leader is whoever holds the Redis lease (server/cluster/redis-lease.ts), under a term that grows
// with every change of hands. Every write path asks `holds(term)` before it acknowledges, and every
// bus message carries the term, so nothing done under an old term is acknowledged or published.
import { NotLeader } from '../domain/errors';

export type ClusterRole = 'leader' | 'standby' | 'replica';

/**
 * The exit code of a leader that lost its lease while running (paused past it, cut off from Redis,
 * a newer term seen): it stops by itself and its supervisor (systemd, `npm run cluster`) starts it
 * again, as a standby that copies the new leader — as Patroni demotes a primary by restarting it.
 */
export const EXIT_DEPOSED = 75;

export interface Leadership {
  role(): ClusterRole;
  /** The term this instance leads under, or the newest it has seen. */
  term(): number;
  /** True while this instance leads under `term` (its lease is still valid by its own clock). */
  holds(term: number): boolean;
  /** A term seen elsewhere (on the bus): a newer one than this instance's means it no longer leads. */
  observe(term: number): void;
  /** Called when this instance starts or stops leading, and when a newer term is seen. */
  onChange(listener: (role: ClusterRole, term: number) => void): void;
  close(): Promise<void>;
}

/** The term of a write about to be done; throws when this instance does not lead. */
export function beginWrite(leadership: Leadership): number {
  const term = leadership.term();
  if (!leadership.holds(term)) throw new NotLeader(notLeaderMessage(leadership));
  return term;
}

/** Throws when the lease was lost while a write begun under `term` was under way. */
export function confirmWrite(leadership: Leadership, term: number): void {
  if (!leadership.holds(term)) throw new NotLeader(`leadership changed during the write (term ${term}); send it again`);
}

export function notLeaderMessage(leadership: Leadership): string {
  return `this instance is a ${leadership.role()}: writes go to the leader`;
}

/** A role that never changes: the lone primary (leads under term 0) or a replica. */
export class FixedLeadership implements Leadership {
  private newest = 0;
  private listeners: ((role: ClusterRole, term: number) => void)[] = [];

  constructor(private readonly fixed: 'leader' | 'replica') {}

  role(): ClusterRole {
    return this.fixed;
  }

  term(): number {
    return this.newest;
  }

  holds(term: number): boolean {
    return this.fixed === 'leader' && term === this.newest;
  }

  observe(term: number): void {
    // A lone primary has no one to give way to; a replica follows the newest term it saw.
    if (this.fixed === 'leader' || term <= this.newest) return;
    this.newest = term;
    for (const l of this.listeners) l(this.fixed, term);
  }

  onChange(listener: (role: ClusterRole, term: number) => void): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {}
}
