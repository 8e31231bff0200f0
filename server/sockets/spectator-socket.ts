// Spectators' socket events: subscribe to a race (snapshot, then deltas) and follow runners.
import type { Socket } from 'socket.io';
import { raceSubscriptionSchema, runnerSubscriptionSchema, type ClientToServerEvents, type ServerToClientEvents } from '../../shared/socket-events';
import type { FollowedRunner } from '../../shared/socket-events';
import { raceRefSchema, raceViewSchema } from '../../shared/race-view';
import type { RaceSnapshot } from '../../shared/views';
import { formatZodError } from '../../shared/zod-format';
import { reply } from './acks';
import type { AddressBudget } from '../limits/address-budgets';
import type { Budget } from '../limits/shared-buckets';
import type { LiveHub, SpectatorServer } from '../live/live-hub';
import { eventRoom, fieldRoom, raceRoom, runnerRoom, summaryRoom } from '../live/rooms';
import { raceSummary } from '../live/race-summary';
import { isPublic } from '../live/public-view';
import { stageRoom } from '../live/stage-feeds';
import { raceStageSchema } from '../../shared/stage';
import { WHOLE_RACE_REFUSED } from './whole-race-access';

type SpectatorSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/** Snapshot rows that cost one unit of the address's budget on top of the request itself. */
const ROWS_PER_UNIT = 2_000;
/** A view with a filter no other view of the race uses (the default burst of 30 opens ten at once). */
const NEW_FILTER_COST = 3;

/** Answers a request that cannot be met, saying why. */
function refuse(ack: unknown, error: string, retryAfterMs?: number): void {
  reply(ack, retryAfterMs === undefined ? { ok: false, error } : { ok: false, error, retryAfterMs });
}

/** When a refused subscription may ask again: about the time the budget takes to refill a new filter's cost. */
const RETRY_AFTER_MS = 2_000;

const noRace = (eventId: string, raceId: string) => `no race "${raceId}" in event "${eventId}"`;

/** Spends from the address's budget; false (answered, or this socket cut off) when nothing is left. */
function spend(socket: SpectatorSocket, budget: Budget, ack: unknown, cost = 1): boolean {
  const outcome = budget.take(cost);
  if (outcome === 'allowed') return true;
  refuse(ack, 'too many requests from your address; slow down', RETRY_AFTER_MS);
  if (outcome === 'disconnect') socket.disconnect(true);
  return false;
}

/**
 * `budgetOf`: the budget the socket shares with every other socket of its address; `wholeRace`:
 * whether the socket may take a whole race (server/sockets/whole-race-access.ts).
 */
export function bindSpectatorSockets(
  io: SpectatorServer,
  hub: LiveHub,
  budgetOf: (socket: SpectatorSocket) => AddressBudget,
  wholeRace: (socket: SpectatorSocket, eventId: string) => boolean,
): void {
  io.on('connection', (socket: SpectatorSocket) => {
    const { subscribes, follows } = budgetOf(socket);

    // The whole race: organizers only. Refused before anything is built or counted against the address.
    socket.on('race:subscribe', (sub, ack) => {
      const parsed = raceSubscriptionSchema.safeParse(sub);
      if (parsed.success && !wholeRace(socket, parsed.data.eventId)) {
        if (!spend(socket, subscribes, ack)) return;
        return refuse(ack, WHOLE_RACE_REFUSED);
      }
      const mirror = parsed.success ? hub.mirror(parsed.data.eventId) : undefined;
      const rows = parsed.success ? (mirror?.publicRows(parsed.data.raceId).length ?? 0) : 0;
      // A snapshot costs by its size: a big field's snapshots come less often than a small one's.
      if (!spend(socket, subscribes, ack, 1 + rows / ROWS_PER_UNIT)) return;
      if (!parsed.success) return refuse(ack, formatZodError(parsed.error));
      const { eventId, raceId } = parsed.data;
      const seq = mirror?.seq(raceId);
      if (!mirror || seq === undefined) return refuse(ack, noRace(eventId, raceId));
      void socket.join([raceRoom(eventId, raceId), eventRoom(eventId)]);
      // The rows are built once per race and update, however many sockets subscribe.
      const snapshot: RaceSnapshot = { eventId, raceId, seq, counters: mirror.counters(raceId)!, runners: mirror.publicRows(raceId) };
      reply(ack, { ok: true, data: snapshot });
    });

    socket.on('race:unsubscribe', (sub, ack) => {
      const parsed = raceSubscriptionSchema.safeParse(sub);
      if (!parsed.success) return refuse(ack, formatZodError(parsed.error));
      void socket.leave(raceRoom(parsed.data.eventId, parsed.data.raceId));
      reply(ack, { ok: true, data: null });
    });

    // The course map: one binary snapshot, then the field room's updates.
    socket.on('field:subscribe', (sub, ack) => {
      const parsed = raceSubscriptionSchema.safeParse(sub);
      const rows = parsed.success ? (hub.mirror(parsed.data.eventId)?.publicRows(parsed.data.raceId).length ?? 0) : 0;
      if (!spend(socket, subscribes, ack, 1 + rows / ROWS_PER_UNIT)) return;
      if (!parsed.success) return refuse(ack, formatZodError(parsed.error));
      const { eventId, raceId } = parsed.data;
      const snapshot = hub.fields.snapshot(eventId, raceId);
      if (!snapshot) return refuse(ack, noRace(eventId, raceId));
      void socket.join([fieldRoom(eventId, raceId), eventRoom(eventId)]);
      reply(ack, { ok: true, data: snapshot });
    });

    socket.on('field:unsubscribe', (sub, ack) => {
      const parsed = raceSubscriptionSchema.safeParse(sub);
      if (!parsed.success) return refuse(ack, formatZodError(parsed.error));
      void socket.leave(fieldRoom(parsed.data.eventId, parsed.data.raceId));
      reply(ack, { ok: true, data: null });
    });

    // Views cost like a subscription of their window's size: scrolling asks for a page at a time. A
    // filter no one else shows adds a computation to every update of the race: it costs more, which
    // bounds the new filters an address can open in a while. The answer is the view's snapshot as
    // encoded once for every socket showing it.
    socket.on('race:view', (view, ack) => {
      const parsed = raceViewSchema.safeParse(view);
      if (!spend(socket, subscribes, ack, parsed.success && hub.views.newFilter(parsed.data) ? NEW_FILTER_COST : 1)) return;
      if (!parsed.success) return refuse(ack, formatZodError(parsed.error));
      const { eventId, raceId } = parsed.data;
      const mirror = hub.mirror(eventId);
      const opened = mirror ? hub.views.open(socket.id, parsed.data, mirror) : undefined;
      if (!opened) return refuse(ack, noRace(eventId, raceId));
      if (opened.leave) void socket.leave(opened.leave);
      void socket.join([opened.join, eventRoom(eventId)]);
      reply(ack, { ok: true, data: opened.snapshot });
    });

    socket.on('race:unview', (race, ack) => {
      const parsed = raceRefSchema.safeParse(race);
      if (!parsed.success) return refuse(ack, formatZodError(parsed.error));
      const room = hub.views.close(socket.id, parsed.data.eventId, parsed.data.raceId);
      if (room) void socket.leave(room);
      reply(ack, { ok: true, data: null });
    });

    // The stadium screen's and the announcer's stage of a race: a few dozen rows, one point per race.
    socket.on('race:stage', (req, ack) => {
      if (!spend(socket, subscribes, ack)) return;
      const parsed = raceStageSchema.safeParse(req);
      if (!parsed.success) return refuse(ack, formatZodError(parsed.error));
      const { eventId, raceId, point } = parsed.data;
      const stage = hub.stages.open(eventId, raceId, point);
      if (!stage) return refuse(ack, hub.mirror(eventId)?.seq(raceId) === undefined ? noRace(eventId, raceId) : `no timing point "${point}" in race "${raceId}"`);
      const room = stageRoom(eventId, raceId, point);
      for (const other of socket.rooms) if (other !== room && other.startsWith(stageRoom(eventId, raceId, ''))) void socket.leave(other);
      void socket.join([room, `event:${eventId}`]);
      reply(ack, { ok: true, data: stage });
    });

    socket.on('race:unstage', (race, ack) => {
      const parsed = raceRefSchema.safeParse(race);
      if (!parsed.success) return refuse(ack, formatZodError(parsed.error));
      for (const room of socket.rooms) if (room.startsWith(stageRoom(parsed.data.eventId, parsed.data.raceId, ''))) void socket.leave(room);
      reply(ack, { ok: true, data: null });
    });

    socket.on('race:summary', (race, ack) => {
      if (!spend(socket, subscribes, ack)) return;
      const parsed = raceRefSchema.safeParse(race);
      if (!parsed.success) return refuse(ack, formatZodError(parsed.error));
      const { eventId, raceId } = parsed.data;
      const mirror = hub.mirror(eventId);
      const summary = mirror ? raceSummary(mirror, raceId) : undefined;
      if (!summary) return refuse(ack, noRace(eventId, raceId));
      void socket.join([summaryRoom(eventId, raceId), eventRoom(eventId)]);
      reply(ack, { ok: true, data: summary });
    });

    socket.on('race:unsummary', (race, ack) => {
      const parsed = raceRefSchema.safeParse(race);
      if (!parsed.success) return refuse(ack, formatZodError(parsed.error));
      void socket.leave(summaryRoom(parsed.data.eventId, parsed.data.raceId));
      reply(ack, { ok: true, data: null });
    });

    socket.on('disconnect', () => hub.views.drop(socket.id));

    socket.on('runners:follow', (sub, ack) => {
      if (!spend(socket, follows, ack)) return;
      const parsed = runnerSubscriptionSchema.safeParse(sub);
      if (!parsed.success) return refuse(ack, formatZodError(parsed.error));
      const { eventId, bibs } = parsed.data;
      const mirror = hub.mirror(eventId);
      if (!mirror) return refuse(ack, `no event "${eventId}"`);
      for (const room of socket.rooms) if (room.startsWith(`runner:${eventId}:`)) void socket.leave(room);
      const found: FollowedRunner[] = [];
      for (const bib of bibs) {
        const runner = mirror.runner(bib);
        // A private entrant is followed like a bib nobody has: no room, no row.
        if (!runner || !isPublic(runner)) continue;
        void socket.join(runnerRoom(eventId, bib));
        found.push({ ...runner, places: mirror.placesOf(runner.raceId, bib) ?? null });
      }
      void socket.join(eventRoom(eventId));
      reply(ack, { ok: true, data: found });
    });
  });
}
