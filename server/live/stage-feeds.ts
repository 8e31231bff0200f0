// The stadium screens' and announcers' stage of each race (shared/stage.ts), on every instance:
// while anyone shows a race at a point, each change of the race schedules one new stage a window
// later (a second), computed once per race version and point and sent to the point's room, so
// every screen gets the same packet. A stage equal to the last one sent is not sent again.
import type { Scheduler } from '../../shared/clock';
import { latestReadTime } from '../../shared/latest-read';
import { raceStage, targetIn, type RaceStage } from '../../shared/stage';
import type { EventMirror } from './event-mirror';

export const stageRoom = (eventId: string, raceId: string, point: string) => `stage:${eventId}:${raceId}:${point}`;

export const STAGE_WINDOW_MS = 1000;

export interface StageFeedDeps {
  scheduler: Scheduler;
  /** The server's wall clock (epoch ms). */
  now: () => number;
  mirror(eventId: string): EventMirror | undefined;
  /** Whether anyone on this instance is in the room. */
  listened(room: string): boolean;
  send(room: string, stage: RaceStage): void;
  windowMs?: number;
}

interface RaceFeed {
  eventId: string;
  raceId: string;
  /** Points shown by someone, with the stage last sent to each (as JSON). */
  points: Map<string, string | null>;
  cancel: (() => void) | null;
}

const key = (eventId: string, raceId: string) => `${eventId}\u0000${raceId}`;

export class StageFeeds {
  /** Stages computed: one per race version and point, however many screens show it. */
  computations = 0;
  private feeds = new Map<string, RaceFeed>();

  constructor(private deps: StageFeedDeps) {}

  /** The stage now, for a new subscriber; undefined for a race or a point the event lacks. */
  open(eventId: string, raceId: string, point: string): RaceStage | undefined {
    const mirror = this.deps.mirror(eventId);
    const race = mirror?.info.races.find((r) => r.id === raceId);
    if (!mirror || !race || !targetIn(race, point) || mirror.seq(raceId) === undefined) return undefined;
    let feed = this.feeds.get(key(eventId, raceId));
    if (!feed) this.feeds.set(key(eventId, raceId), (feed = { eventId, raceId, points: new Map(), cancel: null }));
    if (!feed.points.has(point)) feed.points.set(point, null);
    return this.stage(mirror, raceId, point);
  }

  /** The race changed: its stages go out with the next window. */
  changed(eventId: string, raceId: string): void {
    const feed = this.feeds.get(key(eventId, raceId));
    if (!feed || feed.cancel) return;
    feed.cancel = this.deps.scheduler.after(this.deps.windowMs ?? STAGE_WINDOW_MS, () => {
      feed.cancel = null;
      this.flush(feed);
    });
  }

  /** A fresh state of the event was loaded. */
  reloaded(eventId: string): void {
    for (const feed of this.feeds.values()) if (feed.eventId === eventId) this.changed(eventId, feed.raceId);
  }

  close(): void {
    for (const feed of this.feeds.values()) feed.cancel?.();
    this.feeds.clear();
  }

  private flush(feed: RaceFeed): void {
    const mirror = this.deps.mirror(feed.eventId);
    for (const [point, last] of feed.points) {
      const room = stageRoom(feed.eventId, feed.raceId, point);
      // Nobody shows this point any more: it is no longer computed.
      if (!mirror || !this.deps.listened(room)) {
        feed.points.delete(point);
        continue;
      }
      const stage = this.stage(mirror, feed.raceId, point);
      if (!stage) continue;
      const sent = JSON.stringify({ ...stage, at: 0 });
      if (sent === last) continue;
      feed.points.set(point, sent);
      this.deps.send(room, stage);
    }
    if (feed.points.size === 0) this.feeds.delete(key(feed.eventId, feed.raceId));
  }

  /** Computed once per race version and point (until the race next changes). */
  private stage(mirror: EventMirror, raceId: string, point: string): RaceStage | undefined {
    const race = mirror.info.races.find((r) => r.id === raceId);
    const counters = mirror.counters(raceId);
    const seq = mirror.seq(raceId);
    if (!race || !counters || seq === undefined) return undefined;
    return mirror.memo(raceId, `stage:${point}`, () => {
      this.computations += 1;
      const lastRead = mirror.memo(raceId, 'lastRead', () => latestReadTime(mirror.publicRows(raceId))) ?? 0;
      return raceStage({ eventId: mirror.info.id, race, point, seq, counters, ordered: mirror.ordered(raceId) ?? [], lastRead, now: Math.max(this.deps.now(), lastRead) });
    });
  }
}
