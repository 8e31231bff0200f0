// The cluster protocol, between this instance's live hub and the bus. The primary hands its
// changes to the link, which applies them to the local hub and publishes them; every instance
// validates what arrives, ignores its own messages and gives the rest to its hub. A restarted
// primary numbers its deltas from 1 again, and messages sent while Redis was away are lost: the
// primary announces its events so replicas reload them, and a replica reloads by itself.
import type { Logger } from 'pino';
import { busMessageSchema, type BusDelta, type OutgoingBusMessage } from '../../shared/bus-messages';
import { sequenceStep } from '../../shared/sequence';
import { formatZodError } from '../../shared/zod-format';
import type { Scheduler } from '../../shared/clock';
import type { ScreenPin } from '../../shared/screen-pin';
import type { RunnerPosition } from '../../shared/socket-events';
import type { RaceDelta } from '../../shared/views';
import type { Bus } from '../bus/bus';
import type { Leadership } from '../cluster/leadership';
import { InProcessBus } from '../bus/in-process-bus';
import { compactDelta, expandDelta, type CopyInRace } from './bus-delta';
import type { LiveHub } from './live-hub';
import type { EventState } from './messages';

export const liveChannel = (prefix: string) => `${prefix}:live`;

/** How long start-up waits for Redis, so a healthy start reports it up; never longer. */
const REDIS_WAIT_MS = 2000;

/** The bus of this instance: Redis when configured (waited for briefly), else in-process. */
export async function openBus(redisUrl: string | undefined, log: Logger, scheduler: Scheduler): Promise<Bus> {
  if (!redisUrl) return new InProcessBus();
  // Loaded only when used: the Redis client is a good part of a lone instance's start-up time.
  const { RedisBus } = await import('../bus/redis-bus');
  const bus = new RedisBus(redisUrl, log);
  const ready = bus.start().catch((err: Error) => log.error({ err: err.message }, 'redis connection failed'));
  await new Promise<void>((resolve) => {
    const cancel = scheduler.after(REDIS_WAIT_MS, resolve);
    void ready.then(() => {
      cancel();
      resolve();
    });
  });
  return bus;
}

/** How a replica reaches the primary. */
export interface PrimarySource {
  eventIds(): Promise<string[]>;
}

export interface ClusterLinkDeps {
  bus: Bus;
  hub: LiveHub;
  channel: string;
  /** This instance, to tell its own messages from others'. */
  instanceId: string;
  log: Logger;
  scheduler: Scheduler;
  /** On the primary: the events it announces. */
  announced?: () => string[];
  /** On a replica: where it loads every event from. */
  primary?: PrimarySource;
  /** Where the announcer's pins from the primary go. */
  pins?: { receive(eventId: string, pin: ScreenPin | null): void };
  /** Who may publish, and the newest term seen: nothing is published unless this instance leads. */
  leadership: Leadership;
  /**
   * Whether other instances' changes reach this hub: not on a standby, whose hub shows its own
   * engines (a standby takes no spectators; the front door sends them to replicas).
   */
  followsOthers: boolean;
}

export class ClusterLink {
  private stopped = false;
  private unsubscribe: (() => Promise<void>) | null = null;

  private readonly ownPrefix: string;

  constructor(private deps: ClusterLinkDeps) {
    this.ownPrefix = `{"origin":${JSON.stringify(deps.instanceId)}`;
  }

  /** Subscribe, then announce (primary) or load everything from the primary (replica). */
  async start(): Promise<void> {
    const { bus } = this.deps;
    this.unsubscribe = await bus.subscribe(this.deps.channel, (raw) => this.receive(raw));
    bus.onReconnect(() => void (this.deps.primary ? this.loadFromPrimary() : this.announce()));
    // A standby that takes the lease tells every instance to load its state.
    this.announce();
    if (this.deps.primary) await this.loadFromPrimary();
  }

  /** A race changed on this primary. */
  delta(delta: RaceDelta): void {
    // Compacted against the copies other instances hold: this hub's, before the delta.
    const compact = this.alone() ? null : compactDelta(delta, this.copyIn(delta));
    this.deps.hub.applyDelta(delta);
    if (compact) this.publish({ kind: 'delta', origin: this.deps.instanceId, delta: compact });
  }

  /** An event's set-up changed on this primary: the new state here, a reload everywhere else. */
  setup(state: EventState): void {
    this.deps.hub.load(state);
    this.publish({ kind: 'setup', origin: this.deps.instanceId, eventId: state.info.id });
  }

  /** A phone tracker moved. */
  position(position: RunnerPosition): void {
    this.deps.hub.emitPosition(position);
    this.publish({ kind: 'position', origin: this.deps.instanceId, position });
  }

  /** The announcer pinned a runner on this primary (or took the pin down). */
  pin(eventId: string, pin: ScreenPin | null): void {
    this.publish({ kind: 'pin', origin: this.deps.instanceId, eventId, pin });
  }

  async close(): Promise<void> {
    this.stopped = true;
    await this.unsubscribe?.();
  }

  /** Alone on an in-process bus (no Redis): no other instance can read a message, so none is made. */
  private alone(): boolean {
    const listeners = this.deps.bus.listeners(this.deps.channel);
    return listeners !== undefined && listeners <= (this.unsubscribe ? 1 : 0);
  }

  private copyIn(delta: { eventId: string; raceId: string }): CopyInRace {
    const mirror = this.deps.hub.mirror(delta.eventId);
    return (bib) => mirror?.runnerIn(delta.raceId, bib);
  }

  private publish(message: OutgoingBusMessage): void {
    if (this.alone()) return;
    // Fenced: a former leader (its lease lapsed, a newer term seen) publishes nothing.
    const { leadership } = this.deps;
    const term = leadership.term();
    if (!leadership.holds(term)) return;
    // The origin goes first, so this instance knows its own messages by their first bytes.
    const { origin, ...rest } = message;
    this.deps.bus.publish(this.deps.channel, JSON.stringify({ origin, ...rest, term })).catch(() => {
      // Redis is down: instances catch up from the primary's state when it is back.
    });
  }

  private receive(raw: string): void {
    if (raw.startsWith(this.ownPrefix)) return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      this.deps.log.warn('bus message is not JSON; dropped');
      return;
    }
    const message = busMessageSchema.safeParse(json);
    if (!message.success) {
      this.deps.log.warn({ problem: formatZodError(message.error, 2) }, 'malformed bus message dropped');
      return;
    }
    if (message.data.origin === this.deps.instanceId) return;
    const m = message.data;
    const { leadership } = this.deps;
    const newest = leadership.term();
    // From a leader that has since lost the lease: dropped, whatever it says.
    if (m.term < newest) return;
    if (m.term > newest) {
      leadership.observe(m.term);
      // A new leader numbers its changes afresh: a replica loads everything from it.
      if (this.deps.primary) void this.loadFromPrimary();
    }
    if (!this.deps.followsOthers) return;
    if (m.kind === 'setup') void this.deps.hub.resync(m.eventId);
    else if (m.kind === 'delta') this.receiveDelta(m.delta);
    else if (m.kind === 'position') this.deps.hub.emitPosition(m.position);
    else this.deps.pins?.receive(m.eventId, m.pin);
  }

  private receiveDelta(delta: BusDelta): void {
    const { hub } = this.deps;
    const whole = expandDelta(delta, this.copyIn(delta));
    if (whole) {
      hub.applyDelta(whole);
      return;
    }
    // A copy it builds on is not here: an old delta is dropped like any old one; otherwise load the event again.
    const have = hub.mirror(delta.eventId)?.seq(delta.raceId);
    if (have === undefined || sequenceStep(have, delta.seq) !== 'duplicate') void hub.resync(delta.eventId);
  }

  /** Tells every instance to load this instance's events again (a standby that took over). */
  announceAll(): void {
    this.announce();
  }

  private announce(): void {
    for (const eventId of this.deps.announced?.() ?? []) this.publish({ kind: 'setup', origin: this.deps.instanceId, eventId });
  }

  /** Load every event of the primary, retrying with backoff until it answers (or the link closes). */
  private async loadFromPrimary(): Promise<void> {
    const { hub, primary, log, scheduler } = this.deps;
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        const ids = await primary!.eventIds();
        for (const id of ids) await hub.resync(id);
        if (ids.every((id) => hub.mirror(id))) return;
      } catch (err) {
        log.warn({ err: (err as Error).message, attempt }, 'primary not reachable; retrying');
      }
      await new Promise<void>((resolve) => scheduler.after(Math.min(200 * 2 ** attempt, 2000), resolve));
    }
  }
}
