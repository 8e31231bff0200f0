// Every Socket.IO namespace of an instance, in one place: spectators and stadium screens on the
// main namespace, and on the primary the organizers' authenticated namespace.
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Clock } from '../../shared/clock';
import type { LiveHub, SpectatorServer } from '../live/live-hub';
import type { OrganizerConsole } from '../organizer/organizer-console';
import type { ScreenPins } from '../live/screen-pins';
import { bindOrganizerSockets } from './organizer-socket';
import { sameOriginSockets } from './same-origin';
import { spectatorRule } from '../limits/token-bucket';
import { bindScreenSockets } from './screen-socket';
import { bindSpectatorSockets } from './spectator-socket';

export interface Sockets {
  io: SpectatorServer;
  /** The organizers' namespace, once this instance has a console (a standby: once it leads). */
  bindOrganizers(organizers: OrganizerConsole): void;
  close(): Promise<void>;
}

export function openSockets(httpServer: HttpServer, deps: { hub: LiveHub; pins: ScreenPins; organizers?: OrganizerConsole; monitorIntervalMs: number; trustProxy: boolean; now: Clock; socketBurst: number }): Sockets {
  const io: SpectatorServer = new Server(httpServer, { serveClient: false, cors: undefined, maxHttpBufferSize: 1e5, allowRequest: sameOriginSockets(deps.trustProxy) });
  deps.hub.attach(io);
  bindSpectatorSockets(io, deps.hub, deps.now, spectatorRule(deps.socketBurst));
  bindScreenSockets(io, deps.hub, deps.pins);
  let organizerSockets: ReturnType<typeof bindOrganizerSockets> | null = null;
  const bindOrganizers = (organizers: OrganizerConsole) => {
    organizerSockets = bindOrganizerSockets(io, organizers, deps.monitorIntervalMs);
  };
  if (deps.organizers) bindOrganizers(deps.organizers);
  return {
    io,
    bindOrganizers,
    close: () =>
      new Promise<void>((resolve) => {
        organizerSockets?.close();
        io.close(() => resolve());
      }),
  };
}
