// Spot alerts: a subscriber who said where they stand is told when a followed runner is about ten
// minutes from there. Unlike the other alerts this one is due at a time, not at a read: each
// runner's expected time at each spot is worked out when the runner changes, and a tick finds the
// ones that came due. Told once per subscription, runner and spot (marks survive a restart).
import type { AlertIntent } from '../../shared/alert-watcher';
import type { Race } from '../../shared/domain';
import { RaceClock } from '../../shared/race-clock';
import type { Clock } from '../../shared/clock';
import { spotAlertKey, spotAlertWindow, spotApproach, type Spot } from '../../shared/spot';
import type { RunnerDetail } from '../../shared/views';

export interface SpotAlert {
  subscriptionId: string;
  intent: AlertIntent;
}

export interface SpotAlertsDeps {
  race(eventId: string, raceId: string): Race | undefined;
  runner(eventId: string, bib: string): RunnerDetail | undefined;
  /** Whether the mark was made, and making it. */
  told(eventId: string, bib: string, mark: string): boolean;
  tell(eventId: string, bib: string, mark: string): void;
  wall: Clock;
}

interface Due {
  spot: Spot;
  /** Race distance of the spot ahead of the runner, the alert's window, and what it will say. */
  distance: number;
  from: number;
  until: number;
  eta: number;
  range: [number, number] | null;
}

interface Watched {
  eventId: string;
  runner: RunnerDetail | undefined;
  /** Subscription id → its spot, and when the alert for it is due (none: not on the way there). */
  spots: Map<string, { spot: Spot; due: Due | null }>;
  /** The earliest `from` of any due alert, so a tick skips the runner cheaply. */
  earliest: number;
}

const key = (eventId: string, bib: string) => `${eventId}\n${bib}`;
export const spotMark = (subscriptionId: string, spot: Spot, distance: number) => `spot:${subscriptionId}:${spotAlertKey(spot, distance)}`;

export class SpotAlerts {
  private watched = new Map<string, Watched>();
  /** Per event: later of the wall clock and the latest read, so a race replayed ahead of real time alerts in its own time. */
  private clocks = new Map<string, RaceClock>();

  constructor(private deps: SpotAlertsDeps) {}

  /** A subscription's spot covers these runners (again, after a change). */
  follow(eventId: string, subscriptionId: string, spot: Spot, bibs: readonly string[]): SpotAlert[] {
    const found: SpotAlert[] = [];
    for (const bib of bibs) {
      const k = key(eventId, bib);
      let w = this.watched.get(k);
      if (!w) this.watched.set(k, (w = { eventId, runner: this.deps.runner(eventId, bib), spots: new Map(), earliest: Infinity }));
      w.spots.set(subscriptionId, { spot, due: null });
      this.plan(w);
      this.collect(w, this.now(eventId), found);
    }
    return found;
  }

  unfollow(eventId: string, subscriptionId: string, bibs: readonly string[]): void {
    for (const bib of bibs) {
      const k = key(eventId, bib);
      const w = this.watched.get(k);
      if (!w) continue;
      w.spots.delete(subscriptionId);
      if (w.spots.size === 0) this.watched.delete(k);
    }
  }

  /** Runners changed: new expected times, and any alert that is due now. */
  changed(eventId: string, runners: Iterable<RunnerDetail>): SpotAlert[] {
    const clock = this.clock(eventId);
    const found: SpotAlert[] = [];
    for (const runner of runners) {
      if (runner.lastTime !== null) clock.observe(runner.lastTime);
      const w = this.watched.get(key(eventId, runner.bib));
      if (!w) continue;
      w.runner = runner;
      this.plan(w);
    }
    const now = clock.now();
    for (const runner of runners) {
      const w = this.watched.get(key(eventId, runner.bib));
      if (w) this.collect(w, now, found);
    }
    return found;
  }

  /** The alerts that came due since the last tick. */
  tick(): SpotAlert[] {
    const found: SpotAlert[] = [];
    for (const w of this.watched.values()) {
      if (w.earliest === Infinity) continue;
      const now = this.now(w.eventId);
      if (w.earliest <= now) this.collect(w, now, found);
    }
    return found;
  }

  /** Whether anyone stands anywhere: the tick can stop otherwise. */
  active(): boolean {
    return this.watched.size > 0;
  }

  private now(eventId: string): number {
    return this.clock(eventId).now();
  }

  private clock(eventId: string): RaceClock {
    let clock = this.clocks.get(eventId);
    if (!clock) this.clocks.set(eventId, (clock = new RaceClock(this.deps.wall)));
    return clock;
  }

  /** Each spot's expected time for the runner as they are now. */
  private plan(w: Watched): void {
    w.earliest = Infinity;
    const runner = w.runner;
    for (const entry of w.spots.values()) {
      entry.due = null;
      if (!runner || runner.private) continue;
      const a = spotApproach(this.deps.race(w.eventId, entry.spot.raceId), entry.spot, runner);
      if (!a) continue;
      const { from, until } = spotAlertWindow(a.eta);
      entry.due = { spot: entry.spot, distance: a.distance, from, until, eta: a.eta, range: a.range };
      w.earliest = Math.min(w.earliest, from);
    }
  }

  private collect(w: Watched, now: number, found: SpotAlert[]): void {
    const runner = w.runner;
    if (!runner || w.earliest > now) return;
    let earliest = Infinity;
    for (const [subscriptionId, entry] of w.spots) {
      const due = entry.due;
      if (!due) continue;
      if (due.from > now) {
        earliest = Math.min(earliest, due.from);
        continue;
      }
      entry.due = null;
      const mark = spotMark(subscriptionId, due.spot, due.distance);
      // Long overdue (the runner was not read since): no longer worth telling.
      if (now > due.until || this.deps.told(w.eventId, runner.bib, mark)) continue;
      this.deps.tell(w.eventId, runner.bib, mark);
      found.push({ subscriptionId, intent: { kind: 'spot', eventId: w.eventId, runner, spot: { distance: due.distance, eta: due.eta, range: due.range } } });
    }
    w.earliest = earliest;
  }
}
