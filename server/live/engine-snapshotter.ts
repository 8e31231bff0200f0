// When the primary snapshots its engines, and how it stands one up again from a snapshot: a
// snapshot once reads stop coming (nothing published for a few windows), at most every
// `snapshotMs` while they keep coming, and at a clean shutdown. Taking one holds the event loop
// (about a tenth of a second for a 26,000-runner marathon mid-race, written to disk), so the next waits at least
// twenty times as long, and one that took over MAX_STEADY_SNAPSHOT_MS is not taken again until
// reads stop. The log stays the truth: a snapshot is used only if the log still holds
// exactly what it held up to its last seq.
import type { Logger } from 'pino';
import type { Scheduler } from '../../shared/clock';
import type { EventSetup } from '../../shared/domain';
import { EventEngine } from '../../shared/engine/event-engine';
import { SNAPSHOT_FORMAT } from '../../shared/engine/engine-snapshot';
import type { StoredRead } from '../../shared/reads';
import type { EngineSnapshots } from '../storage/engine-snapshots';
import type { ReadLog } from '../storage/read-log';

/** Publication windows without a change after which reads count as stopped. */
const QUIET_WINDOWS = 4;
/** A snapshot's time on the event loop times this is the least time to the next. */
const PAUSE_FACTOR = 20;
/**
 * A snapshot that held the event loop longer than this is not taken again while reads keep coming
 * (spectators and devices would wait that long each time), only when they stop and at shutdown.
 * A marathon of 26,000 takes about 0.1 s mid-race; one of 56,000 with 35 mats, about 1.1 s (370 MB written).
 */
export const MAX_STEADY_SNAPSHOT_MS = 1500;

export interface SnapshotterDeps {
  snapshots: EngineSnapshots;
  readLog: ReadLog;
  scheduler: Scheduler;
  log: Logger;
  /** At most this often while reads keep coming. */
  snapshotMs: number;
  /** The publication window: reads count as stopped after a few without a change. */
  coalesceMs: number;
  engines: () => Iterable<[string, EventEngine]>;
  /** See MAX_STEADY_SNAPSHOT_MS. */
  maxSteadyMs?: number;
  /** A monotonic clock in ms, to time snapshots; this.elapsed() unless a test drives it. */
  elapsed?: () => number;
}

export class EngineSnapshotter {
  /** Per event, the engine version its last snapshot holds. */
  private versions = new Map<string, number>();
  private cancelSteady: (() => void) | null = null;
  private cancelQuiet: (() => void) | null = null;
  private pauseMs = 0;
  /** The clock's time before which no snapshot is taken (but at shutdown). */
  private notBefore = 0;
  /** The last snapshot took too long to take another while reads keep coming. */
  private tooSlow = false;
  /** Closed with the server: a late publication (a flush during shutdown) arms nothing that would reach the closed database. */
  private closed = false;

  private readonly elapsed: () => number;

  constructor(private deps: SnapshotterDeps) {
    this.elapsed = deps.elapsed ?? (() => performance.now());
  }

  /**
   * The event's engine from its snapshot and the log after it; null when it has none or the log no
   * longer matches it. `counted` sees every read taken from the log.
   */
  restore(setup: EventSetup, counted: (reads: Iterable<StoredRead>) => Iterable<StoredRead>, onSetAside?: (read: StoredRead, reason: string) => void): EventEngine | null {
    const saved = this.deps.snapshots.load(setup.id);
    // A file of another format (an earlier version's) is not read further: the log is scored.
    if (!saved || saved.engine?.format !== SNAPSHOT_FORMAT) return null;
    const held = saved.engine.held + saved.engine.setAside.length;
    if (this.deps.readLog.countThrough(setup.id, saved.through) !== held) return null;
    return EventEngine.restore(setup, saved.engine, counted(this.deps.readLog.after(setup.id, saved.through)), onSetAside);
  }

  /** Something was published: a snapshot when reads stop, and on the steady cadence meanwhile. */
  published(): void {
    if (this.closed) return;
    const { scheduler } = this.deps;
    this.cancelQuiet?.();
    this.cancelQuiet = scheduler.after(QUIET_WINDOWS * Math.max(this.deps.coalesceMs, 50), () => {
      this.cancelQuiet = null;
      this.snapshotChanged();
    });
    if (this.cancelSteady || this.tooSlow) return;
    this.cancelSteady = scheduler.after(Math.max(this.deps.snapshotMs, this.pauseMs), () => {
      this.cancelSteady = null;
      this.snapshotChanged();
    });
  }

  /** Snapshots of the events that changed since their last one, each written before the next. */
  snapshotChanged(): void {
    this.stopTimers();
    if (this.closed) return;
    // Whatever asked (reads stopping, the cadence, a long pause that looked like quiet): never
    // sooner than twenty times the last snapshot's time after it.
    const wait = this.notBefore - this.elapsed();
    if (wait > 0) {
      this.cancelSteady = this.deps.scheduler.after(wait, () => {
        this.cancelSteady = null;
        this.snapshotChanged();
      });
      return;
    }
    const started = this.elapsed();
    let postponed = false;
    for (const [eventId, engine] of this.deps.engines()) {
      if (this.versions.get(eventId) === engine.version) continue;
      const version = engine.version;
      let taken: boolean;
      try {
        taken = this.write(eventId, engine);
      } catch (err) {
        // Run from a timer: a snapshot that cannot be taken or written must not take the server
        // down. A restart then scores more of the log; the next change tries again.
        this.deps.log.warn({ eventId, err: (err as Error).message }, 'engine snapshot not taken');
        continue;
      }
      // Reads stored but not applied yet (their answer from the writer thread is on its way): later.
      if (!taken) {
        postponed = true;
        continue;
      }
      this.versions.set(eventId, version);
    }
    const took = this.elapsed() - started;
    this.pauseMs = PAUSE_FACTOR * took;
    this.notBefore = this.elapsed() + this.pauseMs;
    const tooSlow = took > (this.deps.maxSteadyMs ?? MAX_STEADY_SNAPSHOT_MS);
    if (tooSlow && !this.tooSlow) this.deps.log.warn({ ms: Math.round(took) }, 'engine snapshots take too long to take while reads keep coming: taken only when they stop');
    this.tooSlow = tooSlow;
    if (postponed) this.published();
  }

  /** Stops the timers and writes a snapshot of every event changed since its last. */
  close(): void {
    this.closed = true;
    this.stopTimers();
    for (const [eventId, engine] of this.deps.engines()) {
      if (this.versions.get(eventId) === engine.version) continue;
      try {
        this.write(eventId, engine);
      } catch (err) {
        this.deps.log.warn({ eventId, err: (err as Error).message }, 'snapshot not written at shutdown');
      }
    }
  }

  /** The engine's snapshot, with the log seq it reaches, written to disk; false (nothing written) while the log has reads up to there the engine has not applied. */
  private write(eventId: string, engine: EventEngine): boolean {
    const snapshot = engine.snapshot();
    const through = snapshot.maxSeq;
    if (this.deps.readLog.countThrough(eventId, through) !== snapshot.held + snapshot.setAside.length) return false;
    // Written at once: the snapshot's arrays are the engine's own.
    this.deps.snapshots.save(eventId, { through, engine: snapshot });
    return true;
  }

  private stopTimers(): void {
    this.cancelSteady?.();
    this.cancelSteady = null;
    this.cancelQuiet?.();
    this.cancelQuiet = null;
  }
}
