// The primary's side of the live pipeline: the engines, fed from the durable log at start and
// from ingest afterwards, and the coalescer that turns their changes into numbered race deltas.
import type { Logger } from 'pino';
import type { Clock, Scheduler } from '../../shared/clock';
import type { EventSetup } from '../../shared/domain';
import { EventEngine } from '../../shared/engine/event-engine';
import type { StoredRead } from '../../shared/reads';
import type { RaceDelta } from '../../shared/views';
import type { EventStore } from '../storage/event-store';
import type { ReadLog } from '../storage/read-log';
import type { EngineSnapshots, StoredSnapshot } from '../storage/engine-snapshots';
import { eventInfo } from './event-info';
import type { EventState } from './messages';

export interface RuntimeDeps {
  store: EventStore;
  readLog: ReadLog;
  log: Logger;
  /** Milliseconds over which changes are gathered into one delta per race. */
  coalesceMs: number;
  publishDelta: (delta: RaceDelta) => void;
  publishSetup: (state: EventState) => void;
  now: Clock;
  /** Runs the coalescer's flush after the window. */
  scheduler: Scheduler;
  /** Where engine snapshots are kept, so a restart does not score the whole log again; none: never. */
  snapshots?: EngineSnapshots;
  /** How long after a change a snapshot is taken (and at most how often). */
  snapshotMs?: number;
}

/** Publication windows without a change after which reads count as stopped. */
const QUIET_WINDOWS = 4;

export class EventRuntime {
  private engines = new Map<string, EventEngine>();
  private seqs = new Map<string, number>();
  private cancelFlush: (() => void) | null = null;
  private cancelSnapshot: (() => void) | null = null;
  /** Per event, the engine version its last snapshot holds. */
  private snapshotVersions = new Map<string, number>();

  constructor(private deps: RuntimeDeps) {}

  /** Rebuild every event from the store and the durable log: from its snapshot and what the log has beyond it, when it has one. */
  loadAll(): void {
    for (const setup of this.deps.store.all()) {
      const started = this.deps.now();
      let reads = 0;
      const log = () => {
        reads = 0;
        return (function* (all: Iterable<StoredRead>) {
          for (const read of all) {
            reads++;
            yield read;
          }
        })(this.deps.readLog.all(setup.id));
      };
      const saved = this.deps.snapshots?.load(setup.id) ?? null;
      // The log must still hold exactly what the snapshot held up to its seq (else: the whole log).
      const fits = saved !== null && this.deps.readLog.countThrough(setup.id, saved.through) === saved.engine.reads.seq.length + saved.engine.setAside.length;
      let engine = fits ? EventEngine.restore(setup, saved.engine, this.deps.readLog.after(setup.id, saved.through)) : null;
      const from = engine ? 'snapshot' : 'log';
      if (!engine) {
        engine = new EventEngine(setup);
        for (const read of log()) engine.applyRead(read);
      }
      engine.takeChanges();
      this.engines.set(setup.id, engine);
      this.deps.log.info({ eventId: setup.id, reads, from, ms: this.deps.now() - started }, 'event rebuilt from the durable log');
    }
  }

  engine(eventId: string): EventEngine | undefined {
    return this.engines.get(eventId);
  }

  eventIds(): string[] {
    return [...this.engines.keys()];
  }

  /**
   * Create or replace an event's set-up: stored first, then applied and pushed. A change of
   * entrants only (a status, a move, a chip) goes out as ordinary deltas of the runners it touched;
   * a change of what spectators know of the event (races, timing points, guns, entrant count)
   * goes out as a new state, which every instance and client loads again.
   */
  saveSetup(setup: EventSetup): void {
    this.deps.store.save(setup, this.deps.now());
    this.flush();
    const engine = this.engines.get(setup.id);
    if (engine) {
      const infoBefore = JSON.stringify(eventInfo(engine.event));
      engine.replaceSetup(setup);
      if (JSON.stringify(eventInfo(setup)) === infoBefore) {
        this.flush();
        return;
      }
    } else this.engines.set(setup.id, new EventEngine(setup));
    // The changes travel inside the new state; the bumped seq tells a client with an older one.
    for (const change of this.engines.get(setup.id)!.takeChanges()) this.nextSeq(setup.id, change.raceId);
    this.deps.publishSetup(this.state(setup.id)!);
  }

  /** Apply reads already stored in the durable log. */
  apply(eventId: string, reads: readonly StoredRead[]): { unmatched: number } {
    const engine = this.engines.get(eventId);
    if (!engine) throw new Error(`no engine for event ${eventId}`);
    let unmatched = 0;
    for (const read of reads) if (!engine.applyRead(read).matched) unmatched++;
    this.scheduleFlush();
    return { unmatched };
  }

  /** The whole state of an event, consistent with the deltas published so far. */
  state(eventId: string): EventState | undefined {
    const engine = this.engines.get(eventId);
    if (!engine) return undefined;
    this.flush();
    const races: EventState['races'] = {};
    for (const race of engine.event.races) {
      races[race.id] = { seq: this.seqs.get(`${eventId}/${race.id}`) ?? 0, counters: engine.counters(race.id), runners: engine.standings(race.id) };
    }
    return { info: eventInfo(engine.event), races };
  }

  /** Publish what changed since the last flush: one delta per changed race. */
  flush(): void {
    this.cancelFlush?.();
    this.cancelFlush = null;
    for (const [eventId, engine] of this.engines) {
      for (const change of engine.takeChanges()) {
        if (!engine.race(change.raceId)) continue;
        const seq = this.nextSeq(eventId, change.raceId);
        this.deps.publishDelta({
          eventId,
          raceId: change.raceId,
          seq,
          counters: engine.counters(change.raceId),
          runners: change.runners,
          removed: change.removed,
        });
      }
    }
    this.scheduleSnapshot();
  }

  /** Stops the timers; with snapshots, writes one of every event that changed since its last. */
  close(): void {
    this.cancelFlush?.();
    this.cancelFlush = null;
    this.cancelSnapshot?.();
    this.cancelSnapshot = null;
    this.cancelQuiet?.();
    this.cancelQuiet = null;
    const snapshots = this.deps.snapshots;
    if (!snapshots) return;
    for (const [eventId, engine] of this.engines) {
      if (this.snapshotVersions.get(eventId) === engine.version) continue;
      try {
        const snapshot = this.snapshotOf(eventId, engine);
        if (snapshot) snapshots.saveNow(eventId, snapshot);
      } catch (err) {
        this.deps.log.warn({ eventId, err: (err as Error).message }, 'snapshot not written at shutdown');
      }
    }
  }

  /** Snapshots of the events that changed since their last one, written in the background. */
  snapshotChanged(): void {
    this.cancelSnapshot?.();
    this.cancelSnapshot = null;
    this.cancelQuiet?.();
    this.cancelQuiet = null;
    const snapshots = this.deps.snapshots;
    if (!snapshots) return;
    const started = performance.now();
    let postponed = false;
    for (const [eventId, engine] of this.engines) {
      if (this.snapshotVersions.get(eventId) === engine.version) continue;
      const version = engine.version;
      const snapshot = this.snapshotOf(eventId, engine);
      // Reads stored but not yet applied (their answer from the writer thread is on its way): next time.
      if (!snapshot) {
        postponed = true;
        continue;
      }
      snapshots.save(eventId, snapshot).then(
        () => this.deps.log.debug({ eventId }, 'engine snapshot written'),
        (err: Error) => {
          // The next change tries again; meanwhile a restart scores more of the log.
          if (this.snapshotVersions.get(eventId) === version) this.snapshotVersions.delete(eventId);
          this.deps.log.warn({ eventId, err: err.message }, 'engine snapshot not written');
        },
      );
      this.snapshotVersions.set(eventId, version);
    }
    // Taking a snapshot holds the event loop (a quarter of a second for a marathon of 26,000 mid-race):
    // the next waits at least twenty times as long, so snapshots never take more than a twentieth of it.
    this.snapshotPauseMs = 20 * (performance.now() - started);
    if (postponed) this.scheduleSnapshot();
  }

  private snapshotPauseMs = 0;

  /** The engine's snapshot with the log seq it reaches; null while the log has reads up to there the engine has not applied yet. */
  private snapshotOf(eventId: string, engine: EventEngine): StoredSnapshot | null {
    const snapshot = engine.snapshot();
    const through = snapshot.maxSeq;
    if (this.deps.readLog.countThrough(eventId, through) !== snapshot.reads.seq.length + snapshot.setAside.length) return null;
    return { through, engine: snapshot };
  }

  private nextSeq(eventId: string, raceId: string): number {
    const key = `${eventId}/${raceId}`;
    const seq = (this.seqs.get(key) ?? 0) + 1;
    this.seqs.set(key, seq);
    return seq;
  }

  /**
   * A snapshot once reads stop coming (nothing to publish for a few windows), and during a steady
   * stream at most every `snapshotMs`, so a restart has little of the log to score again.
   */
  private scheduleSnapshot(): void {
    if (!this.deps.snapshots) return;
    this.cancelQuiet?.();
    this.cancelQuiet = this.deps.scheduler.after(QUIET_WINDOWS * Math.max(this.deps.coalesceMs, 50), () => {
      this.cancelQuiet = null;
      this.snapshotChanged();
    });
    if (this.cancelSnapshot) return;
    this.cancelSnapshot = this.deps.scheduler.after(Math.max(this.deps.snapshotMs ?? 5000, this.snapshotPauseMs), () => {
      this.cancelSnapshot = null;
      this.snapshotChanged();
    });
  }

  private cancelQuiet: (() => void) | null = null;

  private scheduleFlush(): void {
    if (this.cancelFlush) return;
    this.cancelFlush = this.deps.scheduler.after(this.deps.coalesceMs, () => {
      this.cancelFlush = null;
      this.flush();
    });
  }
}
