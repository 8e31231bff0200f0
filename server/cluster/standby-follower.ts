// A standby's copy of the leader's store: asks the leader (found through its lease) for what the
// copy lacks, applies each answer in one transaction, and asks again at once (the leader holds a
// question until there is something new; each question tells it how far the copy is on disk). The
// copy's position is its own rows, so it resumes where it stopped after any break of the link, and
// after a restart of the process while the same leader leads (server/cluster/copy-term.ts); a copy
// made under another leader's term is emptied and made again (a former leader's file may hold
// reads no later leader ever had).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { openDatabase, type Db } from '../storage/database';
import { forgetCopyTerm, readCopyTerm, writeCopyTerm } from './copy-term';
import { SnapshotCopier } from './snapshot-copies';
import { APPEND_ONLY, applyBatch, clearCopy, copyPosition, readKeyAt, type AppendOnlyTable, type CopyPosition, type ReplicationBatch } from './replication';

export interface StandbyFollowerOptions {
  dataDir: string;
  clusterToken: string;
  leaderUrl: () => Promise<string>;
  log: Logger;
}

export class StandbyFollower {
  private db: Db;
  private stopped = false;
  private loop: Promise<void>;
  private followedTerm: number | null = null;
  /** The instance that led the followed term. */
  private followedLeader: string | undefined;
  private wake: (() => void) | null = null;
  /** Ends a question under way at stop: a frozen leader must not hold up a takeover. */
  private aborter = new AbortController();
  /** Where the copy stands, kept as batches are applied (read from the file only at start and after it is emptied). */
  private position: CopyPosition | null = null;
  /** When the copy last matched the leader (ms since epoch). */
  currentAt: number | null = null;
  /** The newest read of the copy when it stopped (its connection is closed then). */
  stoppedAt: number | null = null;

  /** The term of the leader this file was a copy of when the process started (null: none known). */
  private readonly resumable: number | null;
  /** The leader's engine snapshots, copied beside the file so a takeover starts from them. */
  private snapshots: SnapshotCopier;

  constructor(private options: StandbyFollowerOptions) {
    this.resumable = readCopyTerm(options.dataDir);
    this.snapshots = new SnapshotCopier(options.dataDir, (eventId) => this.fetchSnapshot(eventId));
    this.db = openDatabase(options.dataDir, { cacheMb: 8 });
    this.loop = this.run();
  }

  /**
   * Whether the copy may be opened as a leader's store: not while it is being made again from the
   * start (it would lack devices, accounts, reads). A standby that never reached a leader keeps its
   * own file, as a lone server would.
   */
  consistent(): boolean {
    return this.followedTerm === null || this.currentAt !== null;
  }

  /** The newest read the copy holds. */
  lastSeq(): number {
    return (this.db.prepare('SELECT coalesce(max(seq), 0) AS n FROM reads').get() as { n: number }).n;
  }

  /** Stops after the batch under way is stored, and closes the copy's connection. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.aborter.abort();
    this.wake?.();
    await this.loop;
    await this.snapshots.settled();
    if (this.stoppedAt !== null) return;
    this.stoppedAt = this.lastSeq();
    this.db.close();
  }

  private async run(): Promise<void> {
    const { log } = this.options;
    let failures = 0;
    while (!this.stopped) {
      let more = false;
      try {
        const batch = await this.ask();
        if (this.stopped) break;
        if (this.followedTerm === null && batch.term === this.resumable && batch.lastKey === readKeyAt(this.db, this.position!.after.reads)) {
          // Restarted while the same leader leads, and its last read is the leader's: the file is a prefix of its store.
          log.info({ term: batch.term, seq: this.position!.after.reads }, 'standby: resuming its copy where it stopped');
          this.followedTerm = batch.term;
          this.followedLeader = batch.leader;
        }
        if (this.followedTerm !== null && this.followedTerm !== batch.term && batch.leader !== undefined && batch.leader === this.followedLeader && batch.lastKey === readKeyAt(this.db, this.position!.after.reads)) {
          // The same leader took its lapsed lease again (no one led in between): the copy goes on.
          log.info({ term: batch.term }, 'standby: the same leader leads under a new term; the copy goes on');
          writeCopyTerm(this.options.dataDir, batch.term);
          this.followedTerm = batch.term;
        }
        if (this.followedTerm !== batch.term) {
          log.info({ term: batch.term }, 'standby: copying the leader of this term from the start');
          forgetCopyTerm(this.options.dataDir);
          clearCopy(this.db);
          this.snapshots.forget();
          this.position = null;
          this.currentAt = null;
          // Engine snapshots of the old copy name log positions the new copy numbers differently.
          rmSync(join(this.options.dataDir, 'snapshots'), { recursive: true, force: true });
          writeCopyTerm(this.options.dataDir, batch.term);
          this.followedTerm = batch.term;
          this.followedLeader = batch.leader;
          // The position changed (emptied): ask again for the whole.
          more = true;
        } else {
          applyBatch(this.db, batch);
          this.advance(batch);
          more = batch.more;
          if (!more) {
            this.currentAt = Date.now();
            // Caught up: the leader's snapshots reach at most about this far, so they match the copy.
            this.snapshots.offer(batch.snapshots, (err) => log.warn({ err: err.message }, 'standby: an engine snapshot was not copied'));
          }
        }
        failures = 0;
      } catch (err) {
        if (failures++ === 0) log.warn({ err: (err as Error).message }, 'standby: the leader is not reachable; retrying');
      }
      // The leader holds a question until there is something new: ask again at once, but not in a loop of failures.
      if (failures > 0) await this.pause(Math.min(100 * 2 ** failures, 2000));
    }
  }

  private advance(batch: ReplicationBatch): void {
    const position = this.position!;
    for (const [table, key] of Object.entries(APPEND_ONLY) as [AppendOnlyTable, string][]) {
      for (const row of batch.appended[table] ?? []) position.after[table] = Math.max(position.after[table], row[key] as number);
    }
    for (const [table, copy] of Object.entries(batch.whole)) position.versions[table as keyof CopyPosition['versions']] = copy.version;
  }

  private async ask(): Promise<ReplicationBatch> {
    this.position ??= copyPosition(this.db);
    const url = new URL('/api/internal/replication', await this.options.leaderUrl());
    const res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.options.clusterToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(this.position),
      signal: AbortSignal.any([this.aborter.signal, AbortSignal.timeout(30_000)]),
    });
    if (!res.ok) throw new Error(`leader answered ${res.status}`);
    return (await res.json()) as ReplicationBatch;
  }

  private async fetchSnapshot(eventId: string): Promise<Uint8Array> {
    const url = new URL(`/api/internal/replication/snapshots/${encodeURIComponent(eventId)}`, await this.options.leaderUrl());
    const res = await fetch(url, { headers: { authorization: `Bearer ${this.options.clusterToken}` }, signal: AbortSignal.any([this.aborter.signal, AbortSignal.timeout(120_000)]) });
    if (!res.ok) throw new Error(`leader answered ${res.status} for the snapshot of ${eventId}`);
    return new Uint8Array(await res.arrayBuffer());
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
