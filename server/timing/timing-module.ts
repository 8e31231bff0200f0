// Everything that takes timing equipment in, assembled for the primary: equipment ingest, the TCP
// listener (when TIMING_TCP_PORT is set), CSV backfill, GPS trackers and their HTTP routes.
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { timingOrganizerRoutes } from '../http/timing-organizer-routes';
import { timingRoutes } from '../http/timing-routes';
import type { OrganizerContext } from '../organizer/organizer-context';
import type { IngestService } from '../ingest/ingest-service';
import type { EventRuntime } from '../live/event-runtime';
import type { Db } from '../storage/database';
import type { DeviceTokens } from '../storage/device-tokens';
import { TimingDevices } from '../storage/timing-devices';
import type { RunnerPosition } from '../../shared/socket-events';
import { GpsService } from './gps/gps-service';
import { RaceResultConnectors } from './race-result-connector';
import { TimingListener } from './tcp-listener';
import { TimingIngest } from './timing-ingest';

export interface TimingModule {
  ingest: TimingIngest;
  devices: TimingDevices;
  gps: GpsService;
  listener: TimingListener | null;
  /** Clients of the Race Result decoders Splitcast connects to. */
  connectors: RaceResultConnectors;
  /** The bound TCP port, or null when the listener is off. */
  tcpPort: number | null;
  close(): Promise<void>;
}

export interface TimingModuleDeps {
  app: Express;
  db: Db;
  config: Config;
  runtime: EventRuntime;
  ingest: IngestService;
  devices: DeviceTokens;
  log: Logger;
  now: () => number;
  emitPosition: (rooms: string[], position: RunnerPosition) => void;
  /** The organizers' sessions and audit log, for the organizer's timing routes. */
  organizer?: OrganizerContext;
}

export async function startTiming(deps: TimingModuleDeps): Promise<TimingModule> {
  const timingDevices = new TimingDevices(deps.db);
  const ingest = new TimingIngest(deps.ingest, deps.runtime, timingDevices);
  ingest.restoreOffsets();
  const connectors = new RaceResultConnectors({ timing: ingest, devices: deps.devices, log: deps.log, now: deps.now });
  ingest.onConfigure = (device, timing) => connectors.sync(device, timing.connect);
  for (const { eventId, deviceId, connect } of timingDevices.decoders()) {
    const device = deps.devices.list(eventId).find((d) => d.id === deviceId && d.revokedAt === null);
    if (device) connectors.sync(device, connect);
  }
  const gps = new GpsService({ runtime: deps.runtime, timing: timingDevices, now: deps.now, emit: deps.emitPosition });
  let listener: TimingListener | null = null;
  let tcpPort: number | null = null;
  if (deps.config.TIMING_TCP_PORT !== undefined) {
    listener = new TimingListener({ devices: deps.devices, timing: ingest, log: deps.log, now: deps.now });
    tcpPort = await listener.listen(deps.config.TIMING_TCP_PORT, deps.config.HOST);
  }
  const counts = listener ? () => listener!.counts() : undefined;
  const handlers = { devices: deps.devices, timingDevices, timing: ingest, runtime: deps.runtime, now: deps.now };
  deps.app.use(timingRoutes({ ...handlers, gps, listenerCounts: counts }));
  if (deps.organizer) deps.app.use(timingOrganizerRoutes(handlers, deps.organizer));
  return {
    ingest,
    devices: timingDevices,
    gps,
    listener,
    connectors,
    tcpPort,
    close: async () => {
      connectors.close();
      await listener?.close();
    },
  };
}
