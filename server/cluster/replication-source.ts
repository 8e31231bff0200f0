// The leader's side of the standby's copy. It answers the standby's questions (holding one while
// nothing is new, so a new batch reaches the standby at once), learns from each question how far
// the standby's copy is on disk, and — with SYNC_STANDBY — lets a write wait until the standby has
// it. A standby that does not confirm within SYNC_TIMEOUT_MS is left behind: the leader goes on
// alone (and says so on /api/cluster/role) until the copy has caught up again.
import type { Logger } from 'pino';
import type { Db } from '../storage/database';
import { changesSince, WHOLE_TABLES, type CopyPosition, type ReplicationBatch } from './replication';

/** How long a question waits for something new before it is answered empty. */
const HOLD_MS = 1000;

export interface StandbyReport {
  /** The newest read the standby's copy has on disk, as it last said. */
  confirmedSeq: number;
  /** When it last asked (ms since epoch); null: never. */
  lastAskAt: number | null;
  /** Whether writes wait for it now (SYNC_STANDBY on, and it kept up). */
  synchronous: boolean;
  /** SYNC_STANDBY on, but it missed a deadline: the leader goes on alone until it catches up. */
  leftBehind: boolean;
}

export interface ReplicationSourceOptions {
  db: Db;
  term: () => number;
  log: Logger;
  /** 0: writes never wait for the standby. */
  syncTimeoutMs: number;
  /** The leader's engine snapshots, by version, for the standby to copy. */
  snapshotVersions?: () => Record<string, string>;
  /** This instance's id: a standby keeps its copy when the same instance leads again under a newer term. */
  instanceId?: string;
}

export class ReplicationSource {
  private confirmed = 0;
  private lastAskAt: number | null = null;
  /** False once the standby missed a write's deadline, until its copy catches up. */
  private keepingUp = true;
  private waiters: { seq: number; resolve: () => void }[] = [];
  private held = new Set<() => void>();

  constructor(private options: ReplicationSourceOptions) {}

  report(): StandbyReport {
    const sync = this.options.syncTimeoutMs > 0;
    return { confirmedSeq: this.confirmed, lastAskAt: this.lastAskAt, synchronous: sync && this.keepingUp, leftBehind: sync && !this.keepingUp };
  }

  /** A standby's question: what its copy at `position` lacks, once there is something. */
  async changes(position: CopyPosition): Promise<ReplicationBatch> {
    this.confirm(position.after.reads);
    let batch = changesSince(this.options.db, position, this.options.term());
    if (isEmpty(batch)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.held.delete(done);
          resolve();
        };
        const timer = setTimeout(done, HOLD_MS);
        this.held.add(done);
      });
      batch = changesSince(this.options.db, position, this.options.term());
    }
    return { ...batch, snapshots: this.options.snapshotVersions?.(), leader: this.options.instanceId };
  }

  /** Something else changed (an organizer's write): the standby's question is answered now, not at its timeout. */
  changed(): void {
    for (const wake of [...this.held]) wake();
  }

  /** Reads up to `seq` are stored here: wake the standby's question, and wait for its copy when synchronous. */
  async stored(seq: number): Promise<void> {
    this.changed();
    const { syncTimeoutMs, log } = this.options;
    if (syncTimeoutMs <= 0 || !this.keepingUp || this.confirmed >= seq) return;
    const confirmed = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, syncTimeoutMs);
      const waiter = {
        seq,
        resolve: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
      this.waiters.push(waiter);
    });
    if (!confirmed && this.keepingUp) {
      this.keepingUp = false;
      log.warn({ seq, confirmed: this.confirmed, timeoutMs: syncTimeoutMs }, 'standby did not confirm in time: the leader goes on alone');
    }
  }

  close(): void {
    for (const wake of [...this.held]) wake();
  }

  private confirm(seq: number): void {
    this.lastAskAt = Date.now();
    if (seq > this.confirmed) this.confirmed = seq;
    const ready = this.waiters.filter((w) => w.seq <= this.confirmed);
    this.waiters = this.waiters.filter((w) => w.seq > this.confirmed);
    for (const w of ready) w.resolve();
    if (!this.keepingUp && this.confirmed >= this.newestSeq()) {
      this.keepingUp = true;
      this.options.log.info({ seq: this.confirmed }, 'standby caught up: writes wait for it again');
    }
  }

  private newestSeq(): number {
    return (this.options.db.prepare('SELECT coalesce(max(seq), 0) AS n FROM reads').get() as { n: number }).n;
  }
}

function isEmpty(batch: ReplicationBatch): boolean {
  return Object.values(batch.appended).every((rows) => rows.length === 0) && WHOLE_TABLES.every((t) => !batch.whole[t]);
}
