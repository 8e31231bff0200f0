// The Socket.IO contract, used as-is by the server and the client.
import { z } from 'zod';
import type { EventInfo } from './domain';
import type { ScreenPinNotice, ScreenWatch } from './screen-pin';
import type { RaceStage, RaceStageRequest } from './stage';
import type { EncodedWindow, RaceRef, RaceSummary, RaceView, RaceWindowUpdate } from './race-view';
import type { Places, RaceCounters, RaceSnapshot, RunnerDetail, RunnerRow } from './views';

/** A refusal that may succeed later (the address's budget) says when to ask again. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: string; retryAfterMs?: number };

export const raceSubscriptionSchema = z.object({ eventId: z.string().min(1).max(64), raceId: z.string().min(1).max(64) }).strict();
export type RaceSubscription = z.infer<typeof raceSubscriptionSchema>;

export const runnerSubscriptionSchema = z
  .object({ eventId: z.string().min(1).max(64), bibs: z.array(z.string().min(1).max(16)).max(50) })
  .strict();
export type RunnerSubscription = z.infer<typeof runnerSubscriptionSchema>;

/** A race's change since the previous update: `seq` follows the client's last one by exactly 1. */
export interface RaceUpdate {
  eventId: string;
  raceId: string;
  seq: number;
  counters: RaceCounters;
  runners: RunnerRow[];
  removed: string[];
}

/**
 * The course map's field of a race as binary (`shared/field-stream.ts`): a snapshot in the answer
 * to `field:subscribe`, then updates of the runners that changed, at most one a second per race.
 * Socket.IO carries `data` as a binary attachment: a Buffer on the server, an ArrayBuffer in a browser.
 */
export interface FieldPacket {
  eventId: string;
  raceId: string;
  seq: number;
  data: ArrayBuffer | ArrayBufferView;
}

/** A followed runner with their places now (overall, gender, age group), computed by the server. */
export interface FollowedRunner extends RunnerDetail {
  places: Places | null;
}

export interface RunnerUpdate {
  eventId: string;
  runner: FollowedRunner;
}

/** A runner's live GPS position, snapped to the course (mats remain the official times). */
export interface RunnerPosition {
  eventId: string;
  raceId: string;
  bib: string;
  /** [longitude, latitude] on the course line. */
  position: [number, number];
  /** Metres from the start along the course (laps included on a loop). */
  distance: number;
  /** Epoch ms of the fix. */
  time: number;
  /** Metres per second, when the tracker sent it. */
  speed: number | null;
}

export interface ServerToClientEvents {
  /** The whole race's changes, to `race:subscribe` (organizers and the cluster's tools only). */
  'race:update': (update: RaceUpdate) => void;
  /** What changed inside this socket's view of a race (`race:view`). */
  'race:window': (update: RaceWindowUpdate) => void;
  /** A race's stage at a point (shared/stage.ts), to the screens and announcers that `race:stage`, at most once a second. */
  'race:stage': (stage: RaceStage) => void;
  /** A race's overview figures, to sockets that `race:summary` (sent when they change). */
  'race:summary': (summary: RaceSummary) => void;
  /** A followed runner changed (splits included). */
  'runner:update': (update: RunnerUpdate) => void;
  /** The event's set-up changed (a race added, a gun fired): refetch the event and resubscribe. */
  'event:changed': (info: { eventId: string }) => void;
  /** The runners of a subscribed field that changed (binary); `seq` follows the last by exactly 1. */
  'field:update': (update: FieldPacket) => void;
  /** A runner's phone tracker moved: to the race's field subscribers and the runner's followers (never for a private entrant). */
  'runner:position': (position: RunnerPosition) => void;
  /** The announcer put a runner on the stadium screen, or took them down (to screens that watch). */
  'screen:pin': (notice: ScreenPinNotice) => void;
}

export interface ClientToServerEvents {
  /** The whole race, then its every change: organizers only (server/sockets/whole-race-access.ts). */
  'race:subscribe': (sub: RaceSubscription, ack: (res: Ack<RaceSnapshot>) => void) => void;
  'race:unsubscribe': (sub: RaceSubscription, ack?: (res: Ack<null>) => void) => void;
  /** The course map of a race: the field as a binary snapshot now, `field:update` after. */
  'field:subscribe': (sub: RaceSubscription, ack: (res: Ack<FieldPacket>) => void) => void;
  'field:unsubscribe': (sub: RaceSubscription, ack?: (res: Ack<null>) => void) => void;
  /**
   * Show a window of a race's leaderboard (at most MAX_VIEW_LIMIT rows); replaces this socket's
   * earlier view of that race. The answer is the window's snapshot, encoded (decodeWindowSnapshot).
   */
  'race:view': (view: RaceView, ack: (res: Ack<EncodedWindow>) => void) => void;
  'race:unview': (race: RaceRef, ack?: (res: Ack<null>) => void) => void;
  /** What a stadium screen or announcer shows of a race at a point; replaces this socket's earlier point of that race. */
  'race:stage': (req: RaceStageRequest, ack: (res: Ack<RaceStage>) => void) => void;
  'race:unstage': (race: RaceRef, ack?: (res: Ack<null>) => void) => void;
  /** Receive the race's overview figures (`race:summary`) from now on; the answer is the current one. */
  'race:summary': (race: RaceRef, ack: (res: Ack<RaceSummary>) => void) => void;
  'race:unsummary': (race: RaceRef, ack?: (res: Ack<null>) => void) => void;
  /** Replace the set of followed runners of this connection. */
  'runners:follow': (sub: RunnerSubscription, ack: (res: Ack<FollowedRunner[]>) => void) => void;
  /** A stadium screen: receive the event's pins from now on; the answer is the pin up now, if any. */
  'screen:watch': (sub: ScreenWatch, ack: (res: Ack<ScreenPinNotice>) => void) => void;
}

export type { EventInfo };
