// Pins of the stadium screen on every instance. The primary decides a pin (an organizer asked for
// it over HTTP), keeps it, tells its own screens and hands it to the cluster link, which carries
// it to every other instance; they keep what they hear and tell their screens. A pin ends by
// itself at its time; no message is needed.
import { randomUUID } from 'node:crypto';
import type { Clock, Scheduler } from '../../shared/clock';
import type { ScreenPin, ScreenPinNotice } from '../../shared/screen-pin';
import type { SpectatorServer } from './live-hub';
import { screenRoom } from './rooms';


export interface ScreenPinsDeps {
  now: Clock;
  scheduler: Scheduler;
  /** Sends a pin of this primary to the other instances. */
  publish: (eventId: string, pin: ScreenPin | null) => void;
}

export class ScreenPins {
  private pins = new Map<string, { pin: ScreenPin; cancel: () => void }>();
  private io: SpectatorServer | null = null;

  constructor(private deps: ScreenPinsDeps) {}

  attach(io: SpectatorServer): void {
    this.io = io;
  }

  /** On the primary: put a runner up for `seconds`, here and on every instance. */
  pin(eventId: string, runner: ScreenPin['runner'], seconds: number): ScreenPin {
    const now = this.deps.now();
    const pin: ScreenPin = { id: randomUUID(), eventId, raceId: runner.raceId, runner, pinnedAt: now, until: now + seconds * 1000 };
    this.receive(eventId, pin);
    this.deps.publish(eventId, pin);
    return pin;
  }

  /** On the primary: take the event's pin down everywhere. */
  unpin(eventId: string): void {
    this.receive(eventId, null);
    this.deps.publish(eventId, null);
  }

  notice(eventId: string): ScreenPinNotice {
    const pin = this.pins.get(eventId)?.pin ?? null;
    return { eventId, pin, remainingMs: pin ? Math.max(0, pin.until - this.deps.now()) : 0 };
  }

  close(): void {
    for (const { cancel } of this.pins.values()) cancel();
    this.pins.clear();
  }

  /** A pin (or its end) for this instance's screens, from here or from the primary over the bus. */
  receive(eventId: string, pin: ScreenPin | null): void {
    this.pins.get(eventId)?.cancel();
    this.pins.delete(eventId);
    const remaining = pin ? pin.until - this.deps.now() : 0;
    if (pin && remaining > 0) {
      const cancel = this.deps.scheduler.after(remaining, () => {
        if (this.pins.get(eventId)?.pin.id === pin.id) this.pins.delete(eventId);
      });
      this.pins.set(eventId, { pin, cancel });
    }
    this.io?.local.to(screenRoom(eventId)).emit('screen:pin', this.notice(eventId));
  }
}
