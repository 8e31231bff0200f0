// The primary's side of the live pipeline: the engines, fed from the durable log at start and
// from ingest afterwards, and the coalescer that turns their changes into numbered race deltas.
import type { Logger } from 'pino';
import type { Clock, Scheduler } from '../../shared/clock';
import type { LeaderboardFilter } from '../../shared/board/filters';
import type { Page } from '../../shared/board/leaderboard';
import type { Entrant, EventSetup, Race } from '../../shared/domain';
import { EventEngine } from '../../shared/engine/event-engine';
import type { StoredRead } from '../../shared/reads';
import type { LeaderboardEntry, RaceCounters, RaceDelta, RunnerDetail } from '../../shared/views';
import type { EventStore } from '../storage/event-store';
import type { ReadLog } from '../storage/read-log';
import type { EngineSnapshots } from '../storage/engine-snapshots';
import { EngineSnapshotter } from './engine-snapshotter';
import { ThrottledLog } from '../throttled-log';
import { eventInfo } from './event-info';
import type { IdleCollector } from './idle-collector';
import type { EventState } from './messages';

/** The engine's read-only side that time travel rebuilds the past from. */
export type ScoringSource = Pick<EventEngine, 'event' | 'race' | 'runner' | 'readsOf' | 'entrant' | 'standings' | 'counters' | 'correctedTime'>;

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
  /** At most how often engines are snapshotted while reads keep coming. */
  snapshotMs?: number;
  /** Told of every stored read the engine set aside (outside the event's window, or failing): keeps it set aside for good. */
  onSetAside?: (eventId: string, read: StoredRead, reason: string) => void;
  /** Told of every publication: collects the heap once reads stop (see IdleCollector). */
  idleCollector?: IdleCollector;
  /** Told after every publication and once the events are loaded (the timelines of the past follow). */
  onPublished?: () => void;
}

export class EventRuntime {
  private engines = new Map<string, EventEngine>();
  private seqs = new Map<string, number>();
  private cancelFlush: (() => void) | null = null;
  private snapshotter: EngineSnapshotter | null;
  /** How each event was stood up at start: from a snapshot and the log after it, or from the whole log. */
  readonly rebuilds: { eventId: string; reads: number; from: 'snapshot' | 'log'; ms: number }[] = [];

  private setAsideLog: ThrottledLog;

  constructor(private deps: RuntimeDeps) {
    this.setAsideLog = new ThrottledLog(deps.log, 'warn', 'stored read set aside: it cannot be scored', { perWindow: 20, windowMs: 60_000, now: deps.now });
    const { snapshots } = deps;
    this.snapshotter = snapshots
      ? new EngineSnapshotter({ snapshots, readLog: deps.readLog, scheduler: deps.scheduler, log: deps.log, snapshotMs: deps.snapshotMs ?? 5000, coalesceMs: deps.coalesceMs, engines: () => this.engines.entries() })
      : null;
  }

  /** Rebuild every event from the store and the durable log: from its snapshot and what the log has beyond it, when it has one. */
  loadAll(): void {
    for (const setup of this.deps.store.all()) {
      const started = this.deps.now();
      let reads = 0;
      const counted = function* (log: Iterable<StoredRead>) {
        for (const read of log) {
          reads++;
          yield read;
        }
      };
      // Recorded once the log is read through: its query holds the connection until then.
      const setAsideReads: { read: StoredRead; reason: string }[] = [];
      const setAside = (read: StoredRead, reason: string) => void setAsideReads.push({ read, reason });
      let engine: EventEngine | null = null;
      try {
        engine = this.snapshotter?.restore(setup, counted, setAside) ?? null;
      } catch (err) {
        // A snapshot that cannot be stood up is only a shortcut lost: the log is scored instead.
        this.deps.log.warn({ eventId: setup.id, err: (err as Error).message }, 'engine snapshot not restored; scoring the whole log');
      }
      const from: 'snapshot' | 'log' = engine ? 'snapshot' : 'log';
      if (!engine) {
        reads = 0;
        setAsideReads.length = 0;
        engine = new EventEngine(setup);
        for (const read of counted(this.deps.readLog.all(setup.id))) {
          const applied = engine.applyLogged(read);
          if ('setAside' in applied) setAside(read, applied.setAside);
        }
      }
      for (const { read, reason } of setAsideReads) this.setAside(setup.id, read, reason);
      engine.takeChanges();
      this.engines.set(setup.id, engine);
      // From a snapshot, `reads` counts the log's reads after it.
      const rebuilt = { eventId: setup.id, reads, from, ms: this.deps.now() - started };
      this.rebuilds.push(rebuilt);
      this.deps.log.info(rebuilt, 'event rebuilt from the durable log');
    }
    this.deps.onPublished?.();
  }

  /** A stored read the engine could not take: recorded (so it stays set aside) and logged, a few lines a minute at most. */
  private setAside(eventId: string, read: StoredRead, reason: string): void {
    this.deps.onSetAside?.(eventId, read, reason);
    this.setAsideLog.note({ eventId, seq: read.seq, point: read.point, bib: read.bib, chip: read.chip, reason });
  }

  // Queries. The runtime is asked; it never hands out an engine to change.

  has(eventId: string): boolean {
    return this.engines.has(eventId);
  }

  eventIds(): string[] {
    return [...this.engines.keys()];
  }

  /** The event's set-up as the engine scores it now. */
  setup(eventId: string): EventSetup | undefined {
    return this.engines.get(eventId)?.event;
  }

  race(eventId: string, raceId: string): Race | undefined {
    return this.engines.get(eventId)?.race(raceId);
  }

  isKnownPoint(eventId: string, pointId: string): boolean {
    return this.engines.get(eventId)?.isKnownPoint(pointId) ?? false;
  }

  runner(eventId: string, bib: string): RunnerDetail | undefined {
    return this.engines.get(eventId)?.runner(bib);
  }

  entrant(eventId: string, bib: string): Entrant | undefined {
    return this.engines.get(eventId)?.entrant(bib);
  }

  /** The runner's reads as scored (corrected times, set-aside reads left out). */
  readsOf(eventId: string, bib: string): readonly StoredRead[] {
    return this.engines.get(eventId)?.readsOf(bib) ?? [];
  }

  readCount(eventId: string, bib: string): number {
    return this.engines.get(eventId)?.readCount(bib) ?? 0;
  }

  /** A race's runners in race order, every one, private entrants included (organizers' views). */
  standings(eventId: string, raceId: string): RunnerDetail[] {
    return this.engines.get(eventId)?.standings(raceId) ?? [];
  }

  counters(eventId: string, raceId: string): RaceCounters | undefined {
    return this.engines.get(eventId)?.race(raceId) ? this.engines.get(eventId)!.counters(raceId) : undefined;
  }

  /** A page of the race's leaderboard, places counted over every runner; undefined for no such event. */
  board(eventId: string, raceId: string, filter: LeaderboardFilter = {}, offset = 0, limit = Infinity): Page<LeaderboardEntry> | undefined {
    return this.engines.get(eventId)?.leaderboard(raceId, filter, offset, limit);
  }

  /** Reads of chips (or bibs) nobody is registered with, by `chip:` or `bib:` key. */
  unmatchedReads(eventId: string): ReadonlyMap<string, readonly StoredRead[]> {
    return this.engines.get(eventId)?.unmatchedReads() ?? new Map();
  }

  /** The scored reads and the set-up, read only: what a rehearsal copies an event from. */
  scoring(eventId: string): ScoringSource | undefined {
    return this.engines.get(eventId);
  }

  /**
   * The one engine that leaves the runtime: time travel (server/live/history.ts) still reads its
   * scored reads from it. It is to take them through `scoring` instead, as it moves onto the board.
   */
  engineForTimeTravel(eventId: string): EventEngine | undefined {
    return this.engines.get(eventId);
  }

  // Commands. Each publishes what it changed; no caller has to remember to.

  /** Take stored reads out of scoring (race control set them aside); the log keeps them. */
  removeReads(eventId: string, reads: Iterable<StoredRead>): void {
    const engine = this.engines.get(eventId);
    if (!engine) return;
    for (const read of reads) engine.removeRead(read);
    this.flush();
  }

  /** A device's clock offset and whether it is a backup: its reads are re-timed and re-scored at once. */
  setDeviceTiming(eventId: string, deviceId: string, timing: { clockOffsetMs?: number; backup?: boolean }): void {
    const engine = this.engines.get(eventId);
    if (!engine) return;
    if (timing.clockOffsetMs !== undefined) engine.setClockOffset(deviceId, timing.clockOffsetMs);
    if (timing.backup !== undefined) engine.setBackupDevice(deviceId, timing.backup);
    this.flush();
  }

  /** Send what changed now rather than at the end of the coalescing window (a report that shows it, a shutdown). */
  publishNow(): void {
    this.flush();
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

  /** Apply reads already stored in the durable log; `replaced`: reads they correct, taken out of scoring in the same update. */
  apply(eventId: string, reads: readonly StoredRead[], replaced: readonly StoredRead[] = []): { unmatched: number } {
    const engine = this.engines.get(eventId);
    if (!engine) throw new Error(`no engine for event ${eventId}`);
    for (const read of replaced) engine.removeRead(read);
    let unmatched = 0;
    for (const read of reads) {
      const applied = engine.applyLogged(read);
      if ('setAside' in applied) this.setAside(eventId, read, applied.setAside);
      else if (!applied.outcome.matched) unmatched++;
    }
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
  private flush(): void {
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
    this.snapshotter?.published();
    this.deps.idleCollector?.published();
    this.deps.onPublished?.();
  }

  /** Stops the timers; with snapshots, writes one of every event that changed since its last. */
  close(): void {
    this.cancelFlush?.();
    this.cancelFlush = null;
    this.snapshotter?.close();
    this.deps.idleCollector?.close();
  }

  private nextSeq(eventId: string, raceId: string): number {
    const key = `${eventId}/${raceId}`;
    const seq = (this.seqs.get(key) ?? 0) + 1;
    this.seqs.set(key, seq);
    return seq;
  }

  private scheduleFlush(): void {
    if (this.cancelFlush) return;
    this.cancelFlush = this.deps.scheduler.after(this.deps.coalesceMs, () => {
      this.cancelFlush = null;
      this.flush();
    });
  }
}
