// Pins of the stadium screen on every instance. The primary decides a pin (an organizer asked for
// it over HTTP), keeps it, tells its own screens and publishes it on the bus; every other instance
// keeps what it hears and tells its screens. A pin ends by itself at its time; no message is needed.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Bus } from '../bus/bus';
import type { ScreenPin, ScreenPinNotice } from '../../shared/screen-pin';
import type { RunnerRow } from '../../shared/views';
import type { SpectatorServer } from './live-hub';

export const screenChannel = (prefix: string) => `${prefix}:screen`;
export const screenRoom = (eventId: string) => `screen:${eventId}`;

interface PinMessage {
  origin: string;
  eventId: string;
  pin: ScreenPin | null;
}

export class ScreenPins {
  private pins = new Map<string, { pin: ScreenPin; timer: ReturnType<typeof setTimeout> }>();
  private io: SpectatorServer | null = null;
  private unsubscribe: (() => Promise<void>) | null = null;

  constructor(
    private deps: { bus: Bus; channel: string; origin: string; log: Logger; now: () => number },
  ) {}

  async start(): Promise<void> {
    this.unsubscribe = await this.deps.bus.subscribe(this.deps.channel, (raw) => {
      let message: PinMessage;
      try {
        message = JSON.parse(raw) as PinMessage;
      } catch {
        return;
      }
      if (message.origin !== this.deps.origin && typeof message.eventId === 'string') this.set(message.eventId, message.pin);
    });
  }

  attach(io: SpectatorServer): void {
    this.io = io;
  }

  /** On the primary: put a runner up for `seconds`, here and on every instance. */
  pin(eventId: string, runner: RunnerRow, seconds: number): ScreenPin {
    const now = this.deps.now();
    const pin: ScreenPin = { id: randomUUID(), eventId, raceId: runner.raceId, runner, pinnedAt: now, until: now + seconds * 1000 };
    this.set(eventId, pin);
    this.publish(eventId, pin);
    return pin;
  }

  /** On the primary: take the event's pin down everywhere. */
  unpin(eventId: string): void {
    this.set(eventId, null);
    this.publish(eventId, null);
  }

  notice(eventId: string): ScreenPinNotice {
    const pin = this.pins.get(eventId)?.pin ?? null;
    return { eventId, pin, remainingMs: pin ? Math.max(0, pin.until - this.deps.now()) : 0 };
  }

  close(): Promise<void> | void {
    for (const { timer } of this.pins.values()) clearTimeout(timer);
    this.pins.clear();
    return this.unsubscribe?.();
  }

  private set(eventId: string, pin: ScreenPin | null): void {
    const old = this.pins.get(eventId);
    if (old) clearTimeout(old.timer);
    this.pins.delete(eventId);
    const remaining = pin ? pin.until - this.deps.now() : 0;
    if (pin && remaining > 0) {
      const timer = setTimeout(() => {
        if (this.pins.get(eventId)?.pin.id === pin.id) this.pins.delete(eventId);
      }, remaining);
      timer.unref();
      this.pins.set(eventId, { pin, timer });
    }
    this.io?.local.to(screenRoom(eventId)).emit('screen:pin', this.notice(eventId));
  }

  private publish(eventId: string, pin: ScreenPin | null): void {
    if (this.deps.bus.status() === 'off') return;
    const message: PinMessage = { origin: this.deps.origin, eventId, pin };
    this.deps.bus.publish(this.deps.channel, JSON.stringify(message)).catch((err: Error) => this.deps.log.warn({ err: err.message }, 'screen pin not published'));
  }
}
