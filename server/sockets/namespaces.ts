// Every Socket.IO namespace of an instance, in one place: spectators and stadium screens on the
// main namespace, and on the primary the organizers' authenticated namespace.
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Clock } from '../../shared/clock';
import { ORGANIZER_NAMESPACE } from '../../shared/organizer';
import type { LiveHub, SpectatorServer } from '../live/live-hub';
import type { OrganizerConsole } from '../organizer/organizer-console';
import type { ScreenPins } from '../live/screen-pins';
import { AddressBudgets } from '../limits/address-budgets';
import { AddressConnections } from '../limits/address-connections';
import { spectatorRule } from '../limits/token-bucket';
import { admitByAddress } from './address-admission';
import { bindOrganizerSockets, MONITORING_RULE } from './organizer-socket';
import { sameOriginSockets } from './same-origin';
import { bindScreenSockets } from './screen-socket';
import { bindSpectatorSockets } from './spectator-socket';
import { wholeRaceAccess } from './whole-race-access';

export interface Sockets {
  io: SpectatorServer;
  /** The organizers' namespace, once this instance has a console (a standby: once it leads). */
  bindOrganizers(organizers: OrganizerConsole): void;
  close(): Promise<void>;
}

export function openSockets(
  httpServer: HttpServer,
  deps: {
    hub: LiveHub;
    pins: ScreenPins;
    organizers?: OrganizerConsole;
    monitorIntervalMs: number;
    trustProxy: boolean;
    /** The client's address key, as the HTTP side counts it (server/http/client-address.ts). */
    clientKey: (req: IncomingMessage) => string;
    socketsPerAddress: number;
    now: Clock;
    socketBurst: number;
    /** The cluster's token: its own tools may take whole races with it. */
    clusterToken?: string;
  },
): Sockets {
  const io: SpectatorServer = new Server(httpServer, { serveClient: false, cors: undefined, maxHttpBufferSize: 1e5, allowRequest: sameOriginSockets(deps.trustProxy) });
  const connections = new AddressConnections(deps.socketsPerAddress);
  const budgets = new AddressBudgets(spectatorRule(deps.socketBurst), deps.now);
  const admission = admitByAddress(io, { connections, budgets, keyOf: deps.clientKey });
  admission.guard(io.of('/'));
  if (deps.organizers) admission.guard(io.of(ORGANIZER_NAMESPACE));
  deps.hub.attach(io);
  let organizerConsole: OrganizerConsole | undefined = deps.organizers;
  bindSpectatorSockets(io, deps.hub, admission.budgetOf, wholeRaceAccess({ clusterToken: deps.clusterToken, organizers: () => organizerConsole }));
  bindScreenSockets(io, deps.hub, deps.pins);
  let organizerSockets: ReturnType<typeof bindOrganizerSockets> | null = null;
  const bindOrganizers = (organizers: OrganizerConsole) => {
    organizerConsole = organizers;
    organizerSockets = bindOrganizerSockets(io, organizers, deps.monitorIntervalMs, deps.now, deps.socketBurst > 0 ? MONITORING_RULE : null);
  };
  if (deps.organizers) bindOrganizers(deps.organizers);
  return {
    io,
    bindOrganizers,
    close: () =>
      new Promise<void>((resolve) => {
        organizerSockets?.close();
        budgets.close();
        io.close(() => resolve());
      }),
  };
}
