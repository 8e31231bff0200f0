// Everything that takes timing equipment in, assembled for the primary: equipment ingest, the TCP
// listener (when TIMING_TCP_PORT is set), the Race Result decoder links and GPS trackers. What
// the HTTP routes call is handed back; server/http mounts them.
import type { Logger } from 'pino';
import type { Clock } from '../../shared/clock';
import type { Config } from '../config';
import type { IngestService } from '../ingest/ingest-service';
import type { EventRuntime } from '../live/event-runtime';
import { AuditLog } from '../storage/audit-log';
import type { Db } from '../storage/database';
import type { DeviceTokens } from '../storage/device-tokens';
import { TimingDevices } from '../storage/timing-devices';
import type { RunnerPosition } from '../../shared/socket-events';
import { GpsService } from './gps/gps-service';
import { RaceResultConnectors } from './race-result-connector';
import { TimingListener } from './tcp-listener';
import { DecoderNetworks } from './decoder-networks';
import { TimingIngest } from './timing-ingest';
import type { TimingHandlerDeps } from './timing-setup';

export interface TimingModule {
  ingest: TimingIngest;
  devices: TimingDevices;
  gps: GpsService;
  listener: TimingListener | null;
  /** Clients of the Race Result decoders Splitcast connects to. */
  connectors: RaceResultConnectors;
  /** The bound TCP port, or null when the listener is off. */
  tcpPort: number | null;
  /** What the device and organizer timing routes work with. */
  handlerDeps: TimingHandlerDeps;
  /** Counts of the TCP listener, when it runs. */
  listenerCounts?: () => object;
  close(): Promise<void>;
}

export interface TimingModuleDeps {
  db: Db;
  config: Config;
  runtime: EventRuntime;
  ingest: IngestService;
  devices: DeviceTokens;
  log: Logger;
  now: Clock;
  /** This server's listening ports (a decoder link may not point at them). */
  ownPorts: () => number[];
  /** A tracker's fix for every instance's spectators. */
  emitPosition: (position: RunnerPosition) => void;
}

export async function startTiming(deps: TimingModuleDeps): Promise<TimingModule> {
  const timingDevices = new TimingDevices(deps.db);
  const ingest = new TimingIngest(deps.ingest, deps.runtime, timingDevices);
  ingest.restoreOffsets();
  let tcpPort: number | null = null;
  const decoderNetworks = new DecoderNetworks(deps.config.DECODER_NETWORKS, () => [...deps.ownPorts(), ...(tcpPort === null ? [] : [tcpPort])]);
  const connectors = new RaceResultConnectors({ timing: ingest, devices: deps.devices, log: deps.log, now: deps.now, networks: decoderNetworks });
  ingest.onConfigure = (device, timing) => connectors.sync(device, timing.connect);
  for (const { eventId, deviceId, connect } of timingDevices.decoders()) {
    const device = deps.devices.list(eventId).find((d) => d.id === deviceId && d.revokedAt === null);
    if (device) connectors.sync(device, connect);
  }
  const gps = new GpsService({ runtime: deps.runtime, timing: timingDevices, now: deps.now, emit: deps.emitPosition });
  let listener: TimingListener | null = null;
  if (deps.config.TIMING_TCP_PORT !== undefined) {
    listener = new TimingListener({ devices: deps.devices, timing: ingest, log: deps.log, now: deps.now });
    tcpPort = await listener.listen(deps.config.TIMING_TCP_PORT, deps.config.HOST);
  }
  const running = listener;
  return {
    handlerDeps: { devices: deps.devices, decoderNetworks, timingDevices, timing: ingest, runtime: deps.runtime, now: deps.now, db: deps.db, audit: new AuditLog(deps.db) },
    listenerCounts: running ? () => running.counts() : undefined,
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
