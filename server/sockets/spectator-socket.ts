// Spectators' socket events: subscribe to a race (snapshot, then deltas) and follow runners.
import type { Socket } from 'socket.io';
import { raceSubscriptionSchema, runnerSubscriptionSchema, type ClientToServerEvents, type ServerToClientEvents } from '../../shared/socket-events';
import type { RaceSnapshot, RunnerDetail } from '../../shared/views';
import { formatZodError } from '../../shared/zod-format';
import { reply } from './acks';
import { raceRoom, runnerRoom, type LiveHub, type SpectatorServer } from '../live/live-hub';
import { publicDetail, publicRow } from '../live/public-view';

type SpectatorSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

export function bindSpectatorSockets(io: SpectatorServer, hub: LiveHub): void {
  io.on('connection', (socket: SpectatorSocket) => {
    socket.on('race:subscribe', (sub, ack) => {
      const parsed = raceSubscriptionSchema.safeParse(sub);
      if (!parsed.success) return reply(ack, { ok: false, error: formatZodError(parsed.error) });
      const { eventId, raceId } = parsed.data;
      const mirror = hub.mirror(eventId);
      const seq = mirror?.seq(raceId);
      if (!mirror || seq === undefined) return reply(ack, { ok: false, error: `no race "${raceId}" in event "${eventId}"` });
      void socket.join([raceRoom(eventId, raceId), `event:${eventId}`]);
      const snapshot: RaceSnapshot = { eventId, raceId, seq, counters: mirror.counters(raceId)!, runners: [...mirror.runners(raceId)].map(publicRow) };
      reply(ack, { ok: true, data: snapshot });
    });

    socket.on('race:unsubscribe', (sub, ack) => {
      const parsed = raceSubscriptionSchema.safeParse(sub);
      if (!parsed.success) return reply(ack, { ok: false, error: formatZodError(parsed.error) });
      void socket.leave(raceRoom(parsed.data.eventId, parsed.data.raceId));
      reply(ack, { ok: true, data: null });
    });

    socket.on('runners:follow', (sub, ack) => {
      const parsed = runnerSubscriptionSchema.safeParse(sub);
      if (!parsed.success) return reply(ack, { ok: false, error: formatZodError(parsed.error) });
      const { eventId, bibs } = parsed.data;
      const mirror = hub.mirror(eventId);
      if (!mirror) return reply(ack, { ok: false, error: `no event "${eventId}"` });
      for (const room of socket.rooms) if (room.startsWith(`runner:${eventId}:`)) void socket.leave(room);
      const found: RunnerDetail[] = [];
      for (const bib of bibs) {
        const runner = mirror.runner(bib);
        if (!runner) continue;
        void socket.join(runnerRoom(eventId, bib));
        found.push(publicDetail(runner));
      }
      void socket.join(`event:${eventId}`);
      reply(ack, { ok: true, data: found });
    });
  });
}
