// Stadium screens ask for the event's pins: they join its screen room and get the pin up now.
import type { Socket } from 'socket.io';
import { screenWatchSchema } from '../../shared/screen-pin';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/socket-events';
import { formatZodError } from '../../shared/zod-format';
import type { LiveHub, SpectatorServer } from '../live/live-hub';
import type { ScreenPins } from '../live/screen-pins';
import { screenRoom } from '../live/rooms';
import { reply } from './acks';

export function bindScreenSockets(io: SpectatorServer, hub: LiveHub, pins: ScreenPins): void {
  pins.attach(io);
  io.on('connection', (socket: Socket<ClientToServerEvents, ServerToClientEvents>) => {
    socket.on('screen:watch', (sub, ack) => {
      const parsed = screenWatchSchema.safeParse(sub);
      if (!parsed.success) return reply(ack, { ok: false, error: formatZodError(parsed.error) });
      const { eventId } = parsed.data;
      if (!hub.mirror(eventId)) return reply(ack, { ok: false, error: `no event "${eventId}"` });
      void socket.join(screenRoom(eventId));
      reply(ack, { ok: true, data: pins.notice(eventId) });
    });
  });
}
