// The rehearsals of this primary: each is an event of its own (marked as a rehearsal) fed by a
// player through the real HTTP ingest with a device token of its own, so everything downstream —
// engines, deltas, screen, announcer view, monitoring — runs as on race day. Players are kept on
// disk (player-files.ts): after a restart each goes on where it was, playing, paused or stopped.
import type { RehearsalState, RehearsalStatus } from '../../shared/rehearsal';
import { Conflict, NotFound } from '../domain/errors';
import { Feeder, type TimedReadInput } from '../simulator/feeder';
import { actorOf, type OrganizerContext } from '../organizer/organizer-context';
import type { Organizer } from '../storage/organizer-accounts';
import { shifted, type RehearsalSource } from './rehearsal-source';
import type { PlayerFiles, PlayerPosition } from './player-files';

/** How often a playing player's position is written down: at most this much race is sent again after a crash. */
const SAVE_EVERY_MS = 2_000;

interface Rehearsal {
  eventId: string;
  source: RehearsalSource;
  token: string;
  deviceId: string;
  feeder: Feeder | null;
  state: Exclude<RehearsalState, 'finished'>;
  speed: number;
  /** How far the race was moved when it first played. */
  shiftMs: number | null;
}

export class Rehearsals {
  private all = new Map<string, Rehearsal>();
  private saver: NodeJS.Timeout | null = null;
  private restored = false;

  /** `files`: where players are kept across restarts; none: in memory only. */
  constructor(
    private ctx: OrganizerContext,
    private files?: PlayerFiles,
  ) {}

  /**
   * The players kept before a restart, going on where they were (once the server listens, at
   * `ingestUrl`). Each gets a new device token; the old one is revoked (only its hash was kept).
   */
  restore(ingestUrl: string): void {
    if (this.restored || !this.files) return;
    this.restored = true;
    for (const { eventId, source, position } of this.files.load((id, message) => this.ctx.log.warn({ eventId: id, message }, 'rehearsal player not restored'))) {
      const setup = this.ctx.runtime.setup(eventId);
      if (!setup) {
        this.files.remove(eventId);
        continue;
      }
      this.ctx.devices.revoke(position.deviceId, this.ctx.now());
      const device = this.ctx.devices.create(eventId, 'rehearsal player', this.ctx.now());
      const r: Rehearsal = {
        eventId,
        source: { ...source, setup },
        token: device.token,
        deviceId: device.device.id,
        feeder: null,
        state: position.state,
        speed: position.speed,
        shiftMs: position.shiftMs,
      };
      this.all.set(eventId, r);
      if (position.shiftMs !== null && position.clock !== null && position.state !== 'stopped') {
        const from = position.clock;
        const reads = shifted(r.source, position.shiftMs).reads.filter((read) => read.time >= from);
        r.feeder = this.feederOf(r, reads, from, ingestUrl);
        if (position.state === 'playing') r.feeder.start();
        else r.feeder.pause();
      }
      this.save(r);
    }
    this.keepSaving();
  }

  create(organizer: Organizer, source: RehearsalSource): RehearsalStatus {
    const eventId = source.setup.id;
    if (this.ctx.runtime.has(eventId)) throw new Conflict(`an event "${eventId}" exists already`);
    const { token, device } = this.ctx.devices.create(eventId, 'rehearsal player', this.ctx.now());
    this.ctx.db.transaction(() => {
      this.audit(organizer, eventId, 'rehearsal.create', { source: source.description, reads: source.reads.length });
      this.ctx.accounts.grantEvent(organizer.id, eventId);
      this.ctx.runtime.saveSetup(source.setup);
    })();
    const r: Rehearsal = { eventId, source, token, deviceId: device.id, feeder: null, state: 'ready', speed: 1, shiftMs: null };
    this.all.set(eventId, r);
    this.files?.saveSource(eventId, source);
    this.save(r);
    return this.status(eventId);
  }

  /** Play (or resume) at `speed` × real time. The first play moves the race to start now. */
  play(organizer: Organizer, eventId: string, speed: number, ingestUrl: string): RehearsalStatus {
    const r = this.get(eventId);
    if (r.state === 'stopped') throw new Conflict('this rehearsal was stopped: create a new one to play again');
    if (!r.feeder) {
      const now = this.ctx.now();
      r.shiftMs = Math.round((now - r.source.firstGun) / 1000) * 1000;
      const moved = shifted(r.source, r.shiftMs);
      this.ctx.runtime.saveSetup(moved.setup);
      r.speed = speed;
      r.feeder = this.feederOf(r, moved.reads, r.source.firstGun + r.shiftMs, ingestUrl);
      r.feeder.start();
    } else r.feeder.resume(speed);
    r.state = 'playing';
    r.speed = speed;
    this.save(r);
    this.keepSaving();
    this.audit(organizer, eventId, 'rehearsal.play', { speed });
    return this.status(eventId);
  }

  pause(organizer: Organizer, eventId: string): RehearsalStatus {
    const r = this.get(eventId);
    if (r.state !== 'playing') throw new Conflict(`the rehearsal is ${r.state}, not playing`);
    r.feeder!.pause();
    r.state = 'paused';
    this.save(r);
    this.audit(organizer, eventId, 'rehearsal.pause', { clock: r.feeder!.clock() });
    return this.status(eventId);
  }

  stop(organizer: Organizer, eventId: string): RehearsalStatus {
    const r = this.get(eventId);
    r.feeder?.stop();
    r.state = 'stopped';
    this.save(r);
    this.audit(organizer, eventId, 'rehearsal.stop', r.feeder ? { clock: r.feeder.clock(), sent: r.feeder.stats.sent } : null);
    return this.status(eventId);
  }

  status(eventId: string): RehearsalStatus {
    const r = this.get(eventId);
    const f = r.feeder;
    const finished = f !== null && f.done && r.state === 'playing';
    if (finished) f.stop();
    return {
      eventId,
      source: r.source.description,
      state: finished ? 'finished' : r.state,
      speed: r.speed,
      clock: f ? f.clock() : null,
      reads: r.source.reads.length,
      sent: f?.stats.sent ?? 0,
      accepted: f?.stats.accepted ?? 0,
      failedRequests: f?.stats.failedRequests ?? 0,
    };
  }

  list(): string[] {
    return [...this.all.keys()];
  }

  /** Stops the players, their positions written down first: a restart goes on from there. */
  close(): void {
    if (this.saver) clearInterval(this.saver);
    this.saver = null;
    for (const r of this.all.values()) {
      this.save(r);
      r.feeder?.stop();
    }
  }

  private feederOf(r: Rehearsal, reads: readonly TimedReadInput[], clockStart: number, ingestUrl: string): Feeder {
    return new Feeder({
      url: ingestUrl,
      token: r.token,
      eventId: r.eventId,
      reads,
      speed: r.speed,
      clockStart,
      batchSize: 1_000,
      onError: (message) => this.ctx.log.warn({ eventId: r.eventId, message }, 'rehearsal player'),
    });
  }

  private save(r: Rehearsal): void {
    if (!this.files) return;
    const position: PlayerPosition = { state: r.state, speed: r.speed, shiftMs: r.shiftMs, clock: r.feeder ? r.feeder.acknowledged() : null, deviceId: r.deviceId };
    try {
      this.files.savePosition(r.eventId, position);
    } catch (err) {
      this.ctx.log.warn({ eventId: r.eventId, err: (err as Error).message }, 'rehearsal player position not saved');
    }
  }

  /** While any player plays, their positions are written down every few seconds. */
  private keepSaving(): void {
    if (this.saver || !this.files) return;
    this.saver = setInterval(() => {
      for (const r of this.all.values()) if (r.state === 'playing') this.save(r);
    }, SAVE_EVERY_MS);
    this.saver.unref();
  }

  private get(eventId: string): Rehearsal {
    const r = this.all.get(eventId);
    if (!r) throw new NotFound(`no rehearsal player for event "${eventId}"`);
    return r;
  }

  private audit(organizer: Organizer, eventId: string, action: string, after: Record<string, unknown> | null): void {
    const entry = { eventId, ...actorOf(organizer), at: this.ctx.now(), action, target: eventId, reason: null, before: null, after };
    this.ctx.audit.append(entry);
    this.ctx.onAudit(entry);
  }
}
