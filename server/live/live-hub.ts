// Keeps this instance's mirrors of the live state and pushes every change to its own sockets.
// Deltas reach it from the cluster link: the local primary's own, or the primary's over the bus.
import type { Logger } from 'pino';
import { timerScheduler, type Scheduler } from '../../shared/clock';
import type { Server } from 'socket.io';
import type { ClientToServerEvents, RunnerPosition, ServerToClientEvents } from '../../shared/socket-events';
import type { RaceDelta } from '../../shared/views';
import { EventMirror } from './event-mirror';
import type { EventState } from './messages';
import { isPublic, publicRows } from './public-view';
import { FieldStreams } from './field-streams';
import { eventRoom, fieldRoom, raceRoom, runnerRoom, summaryRoom } from './rooms';
import { RaceViews } from './race-views';
import { StageFeeds } from './stage-feeds';
import { raceSummary } from './race-summary';

export type SpectatorServer = Server<ClientToServerEvents, ServerToClientEvents>;

/** Fetches an event's full state: from the engine on the primary, over HTTP on a replica. */
export type StateSource = (eventId: string) => Promise<EventState | undefined>;


export class LiveHub {
  private mirrors = new Map<string, EventMirror>();
  private resyncing = new Map<string, Promise<void>>();
  private resyncAgain = new Map<string, Promise<void>>();
  private io: SpectatorServer | null = null;
  /** The course maps' binary streams, per race. */
  readonly fields: FieldStreams;
  /** Leaderboard windows shown by this instance's sockets. */
  readonly views = new RaceViews();
  /** What stadium screens and announcers show of each race, per timing point. */
  readonly stages: StageFeeds;

  constructor(
    private source: StateSource,
    private log: Logger,
    scheduler: Scheduler = timerScheduler,
  ) {
    this.fields = new FieldStreams({
      scheduler,
      mirror: (eventId) => this.mirrors.get(eventId),
      listened: (room) => this.io?.sockets.adapter.rooms.has(room) ?? false,
      // Encoded once per update; every socket of the room gets the same bytes.
      send: (room, packet) => this.io?.local.to(room).emit('field:update', packet),
    });
    this.stages = new StageFeeds({
      scheduler,
      now: () => Date.now(),
      mirror: (eventId) => this.mirrors.get(eventId),
      listened: (room) => this.io?.sockets.adapter.rooms.has(room) ?? false,
      // Encoded once per room: every screen of a race and point gets the same packet.
      send: (room, stage) => this.io?.local.to(room).emit('race:stage', stage),
    });
  }

  attach(io: SpectatorServer): void {
    this.io = io;
  }

  mirror(eventId: string): EventMirror | undefined {
    return this.mirrors.get(eventId);
  }

  events(): EventMirror[] {
    return [...this.mirrors.values()];
  }

  load(state: EventState): void {
    const existing = this.mirrors.get(state.info.id);
    if (existing) existing.load(state);
    else this.mirrors.set(state.info.id, new EventMirror(state));
    this.fields.reloaded(state.info.id);
    this.stages.reloaded(state.info.id);
    // Views compare with what they last sent: bring them to the loaded state.
    const mirror = this.mirrors.get(state.info.id)!;
    for (const raceId of mirror.raceIds()) this.emitViews(mirror, raceId);
    // Each instance tells only its own clients: every instance loads the new state itself.
    this.io?.local.to(eventRoom(state.info.id)).emit('event:changed', { eventId: state.info.id });
  }

  applyDelta(delta: RaceDelta): void {
    const mirror = this.mirrors.get(delta.eventId);
    if (!mirror) {
      void this.resync(delta.eventId);
      return;
    }
    const outcome = mirror.apply(delta);
    if (outcome === 'gap' || outcome === 'unknown-race') {
      this.log.info({ eventId: delta.eventId, raceId: delta.raceId, seq: delta.seq, have: mirror.seq(delta.raceId) }, 'missed an update; resyncing');
      void this.resync(delta.eventId);
      return;
    }
    if (outcome === 'applied') this.emit(delta);
  }

  /**
   * Fetch the whole event again. Calls while a fetch is under way share one more fetch after it:
   * what is under way may have been asked of a source that was not ready yet (a new leader).
   */
  resync(eventId: string): Promise<void> {
    const running = this.resyncing.get(eventId);
    if (running) {
      let next = this.resyncAgain.get(eventId);
      if (!next) {
        next = running.then(() => {
          this.resyncAgain.delete(eventId);
          return this.resync(eventId);
        });
        this.resyncAgain.set(eventId, next);
      }
      return next;
    }
    const task = this.source(eventId)
      .then((state) => {
        if (state) this.load(state);
      })
      .catch((err: Error) => this.log.warn({ err: err.message, eventId }, 'resync failed'))
      .finally(() => this.resyncing.delete(eventId));
    this.resyncing.set(eventId, task);
    return task;
  }

  /**
   * A phone tracker's fix, to this instance's maps of its race and followers of its runner: a
   * spectator without the map open does not receive it.
   */
  emitPosition(position: RunnerPosition): void {
    if (!this.fields.position(position)) return;
    this.io?.local.to([fieldRoom(position.eventId, position.raceId), runnerRoom(position.eventId, position.bib)]).emit('runner:position', position);
  }

  private emit(delta: RaceDelta): void {
    const io = this.io;
    if (!io) return;
    this.fields.changed(delta.eventId, delta.raceId, [...delta.runners.map((r) => r.bib), ...delta.removed]);
    this.stages.changed(delta.eventId, delta.raceId);
    const room = raceRoom(delta.eventId, delta.raceId);
    if (io.sockets.adapter.rooms.has(room)) {
      io.local.to(room).emit('race:update', {
        eventId: delta.eventId,
        raceId: delta.raceId,
        seq: delta.seq,
        counters: delta.counters,
        // A runner made private leaves with the event:changed that set-up change sends.
        runners: publicRows(delta.runners),
        removed: delta.removed,
      });
    }
    const mirror = this.mirrors.get(delta.eventId);
    if (!mirror) return;
    this.emitViews(mirror, delta.raceId);
    for (const runner of delta.runners) {
      if (!isPublic(runner)) continue;
      const followers = runnerRoom(delta.eventId, runner.bib);
      if (io.sockets.adapter.rooms.has(followers)) {
        io.local.to(followers).emit('runner:update', { eventId: delta.eventId, runner: { ...runner, places: mirror.placesOf(delta.raceId, runner.bib) ?? null } });
      }
    }
  }

  /** Each view's window change to its room, and the overview figures to those who show them. */
  private emitViews(mirror: EventMirror, raceId: string): void {
    const io = this.io;
    if (!io) return;
    // Encoded once per room: every socket with the same view gets the same packet.
    for (const { room, update } of this.views.changes(mirror, raceId)) io.local.to(room).emit('race:window', update);
    const summaries = summaryRoom(mirror.info.id, raceId);
    if (io.sockets.adapter.rooms.has(summaries)) {
      const summary = raceSummary(mirror, raceId);
      if (summary) io.local.to(summaries).emit('race:summary', summary);
    }
  }
}
