// The rehearsals of this primary: each is an event of its own (marked as a rehearsal) fed by a
// player through the real HTTP ingest with a device token of its own, so everything downstream —
// engines, deltas, screen, announcer view, monitoring — runs as on race day. Players live in memory:
// after a restart the rehearsal events stay, stopped.
import type { RehearsalState, RehearsalStatus } from '../../shared/rehearsal';
import { Conflict, NotFound } from '../domain/errors';
import { Feeder } from '../simulator/feeder';
import { actorOf, type OrganizerContext } from '../organizer/organizer-context';
import type { Organizer } from '../storage/organizer-accounts';
import { shifted, type RehearsalSource } from './rehearsal-source';


interface Rehearsal {
  eventId: string;
  source: RehearsalSource;
  token: string;
  feeder: Feeder | null;
  state: Exclude<RehearsalState, 'finished'>;
  speed: number;
}

export class Rehearsals {
  private all = new Map<string, Rehearsal>();

  constructor(private ctx: OrganizerContext) {}

  create(organizer: Organizer, source: RehearsalSource): RehearsalStatus {
    const eventId = source.setup.id;
    if (this.ctx.runtime.has(eventId)) throw new Conflict(`an event "${eventId}" exists already`);
    const token = this.ctx.devices.create(eventId, 'rehearsal player', this.ctx.now()).token;
    this.ctx.db.transaction(() => {
      this.audit(organizer, eventId, 'rehearsal.create', { source: source.description, reads: source.reads.length });
      this.ctx.accounts.grantEvent(organizer.id, eventId);
      this.ctx.runtime.saveSetup(source.setup);
    })();
    this.all.set(eventId, { eventId, source, token, feeder: null, state: 'ready', speed: 1 });
    return this.status(eventId);
  }

  /** Play (or resume) at `speed` × real time. The first play moves the race to start now. */
  play(organizer: Organizer, eventId: string, speed: number, ingestUrl: string): RehearsalStatus {
    const r = this.get(eventId);
    if (r.state === 'stopped') throw new Conflict('this rehearsal was stopped: create a new one to play again');
    if (!r.feeder) {
      const now = this.ctx.now();
      const moved = shifted(r.source, Math.round((now - r.source.firstGun) / 1000) * 1000);
      this.ctx.runtime.saveSetup(moved.setup);
      r.feeder = new Feeder({
        url: ingestUrl,
        token: r.token,
        eventId,
        reads: moved.reads,
        speed,
        clockStart: r.source.firstGun + Math.round((now - r.source.firstGun) / 1000) * 1000,
        batchSize: 1_000,
        onError: (message) => this.ctx.log.warn({ eventId, message }, 'rehearsal player'),
      });
      r.feeder.start();
    } else r.feeder.resume(speed);
    r.state = 'playing';
    r.speed = speed;
    this.audit(organizer, eventId, 'rehearsal.play', { speed });
    return this.status(eventId);
  }

  pause(organizer: Organizer, eventId: string): RehearsalStatus {
    const r = this.get(eventId);
    if (r.state !== 'playing') throw new Conflict(`the rehearsal is ${r.state}, not playing`);
    r.feeder!.pause();
    r.state = 'paused';
    this.audit(organizer, eventId, 'rehearsal.pause', { clock: r.feeder!.clock() });
    return this.status(eventId);
  }

  stop(organizer: Organizer, eventId: string): RehearsalStatus {
    const r = this.get(eventId);
    r.feeder?.stop();
    r.state = 'stopped';
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

  close(): void {
    for (const r of this.all.values()) r.feeder?.stop();
  }

  private get(eventId: string): Rehearsal {
    const r = this.all.get(eventId);
    if (!r) throw new NotFound(`no rehearsal player for event "${eventId}" (rehearsals do not survive a restart)`);
    return r;
  }

  private audit(organizer: Organizer, eventId: string, action: string, after: Record<string, unknown> | null): void {
    const entry = { eventId, ...actorOf(organizer), at: this.ctx.now(), action, target: eventId, reason: null, before: null, after };
    this.ctx.audit.append(entry);
    this.ctx.onAudit(entry);
  }
}
