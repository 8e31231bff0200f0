// Composes one Splitcast instance: storage and engines (primary), the bus and the cluster link,
// the HTTP routes and the Socket.IO namespaces. Each part is built here and handed what it needs;
// what they do lives in their own modules.
import { randomUUID } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import pino, { type Logger } from 'pino';
import { systemClock, timerScheduler, type Clock, type Scheduler } from '../shared/clock';
import type { Config } from './config';
import type { Bus } from './bus/bus';
import { ClusterLink, liveChannel, openBus } from './live/cluster-link';
import { EventRuntime } from './live/event-runtime';
import { idleCollectorOf } from './live/idle-collector';
import { LiveHub, type SpectatorServer, type StateSource } from './live/live-hub';
import { ScreenPins } from './live/screen-pins';
import { fetchPrimaryEventIds, fetchPrimaryState } from './live/primary-client';
import { openDatabase, type Db } from './storage/database';
import { ReadLog } from './storage/read-log';
import { EngineSnapshots } from './storage/engine-snapshots';
import { ReadWriter } from './storage/read-writer';
import { EventStore } from './storage/event-store';
import { DeviceTokens } from './storage/device-tokens';
import { ReadCorrections, SERVER_ACTOR } from './storage/read-corrections';
import { IngestService } from './ingest/ingest-service';
import { clientKey, trustRule } from './http/client-address';
import type { MonitoringFeed } from './organizer/monitoring-feed';
import { httpEdge } from './http/edge';
import { mountRoutes, type PrimaryServices } from './http/routes';
import { tileHandlers } from './http/tile-handlers';
import { timeTravelHandlers } from './http/time-travel-handlers';
import { createOrganizerConsole, type OrganizerConsole } from './organizer/organizer-console';
import { openSockets } from './sockets/namespaces';
import { startTiming, type TimingModule } from './timing/timing-module';
import { AlertSubscriptions } from './storage/alert-subscriptions';
import { Alerts } from './push/alerts';
import { PushSender } from './push/push-sender';
import { loadOrCreateVapidKeys } from './push/vapid-keys';

export interface Splitcast {
  config: Config;
  log: Logger;
  url: string;
  port: number;
  httpServer: HttpServer;
  /** The Express app, so tests can list every route. */
  app: Express;
  io: SpectatorServer;
  hub: LiveHub;
  bus: Bus;
  /** Present on the primary only. */
  primary?: { db: Db; runtime: EventRuntime; devices: DeviceTokens; readLog: ReadLog; timing: TimingModule; monitoring: MonitoringFeed; alerts: Alerts; pushSender: PushSender };
  close(): Promise<void>;
}

export interface SplitcastOptions {
  log?: Logger;
  clock?: Clock;
  scheduler?: Scheduler;
  /** A bus shared with other instances in this process; otherwise Redis when configured, else in-process. */
  bus?: Bus;
}

export async function createSplitcast(config: Config, options: SplitcastOptions = {}): Promise<Splitcast> {
  const log = options.log ?? pino({ level: config.LOG_LEVEL });
  const now = options.clock ?? systemClock;
  const scheduler = options.scheduler ?? timerScheduler;
  // First, so a bad tiles file stops the start before anything is opened.
  const tiles = tileHandlers(config);
  const closers: (() => Promise<void> | void)[] = [() => tiles.close()];
  /** The HTTP port, once listening. */
  let port = config.PORT;

  const bus = options.bus ?? (await openBus(config.REDIS_URL, log, scheduler));
  if (!options.bus) closers.push(() => bus.close());

  // The hub reads state from the local engines on the primary, from the primary on a replica;
  // the link is declared before the engines that publish through it.
  let runtime: EventRuntime | undefined;
  const source: StateSource =
    config.ROLE === 'primary' ? async (eventId) => runtime?.state(eventId) : (eventId) => fetchPrimaryState(config.PRIMARY_URL!, config.CLUSTER_TOKEN!, eventId);
  const hub = new LiveHub(source, log, scheduler);
  closers.push(() => hub.fields.close());
  // The announcer's pins go out through the link, which is declared next.
  const pins = new ScreenPins({ now, scheduler, publish: (eventId, pin) => link.pin(eventId, pin) });
  closers.push(() => pins.close());
  const link = new ClusterLink({
    bus,
    hub,
    channel: liveChannel(config.REDIS_PREFIX),
    instanceId: randomUUID(),
    log,
    scheduler,
    announced: () => runtime?.eventIds() ?? [],
    primary: config.ROLE === 'replica' ? { eventIds: () => fetchPrimaryEventIds(config.PRIMARY_URL!, config.CLUSTER_TOKEN!) } : undefined,
    pins,
  });
  closers.unshift(() => link.close());

  // Alerts are sent by the primary alone, from the deltas it publishes. (With a leader among
  // several primaries, the leader check belongs where the deltas reach `alerts.changed` below.)
  let alerts: Alerts | undefined;
  let primary: Splitcast['primary'];
  let services: PrimaryServices | undefined;
  let organizers: OrganizerConsole | undefined;
  if (config.ROLE === 'primary') {
    const db = openDatabase(config.DATA_DIR, { cacheMb: 8 });
    closers.push(() => {
      db.close();
    });
    // The writer thread starts now (the file is migrated), so it loads while the engines rebuild.
    // Closed after the HTTP server (closers run in order), so answers in flight are stored first.
    const writer = new ReadWriter(config.DATA_DIR);
    closers.push(() => writer.close());
    const readLog = new ReadLog(db);
    const devices = new DeviceTokens(db);
    const corrections = new ReadCorrections(db);
    runtime = new EventRuntime({
      store: new EventStore(db),
      readLog,
      log,
      coalesceMs: config.COALESCE_MS,
      now,
      scheduler,
      publishDelta: (delta) => {
        link.delta(delta);
        alerts?.changed(delta);
      },
      publishSetup: (state) => link.setup(state),
      snapshots: config.SNAPSHOT_MS > 0 ? new EngineSnapshots(config.DATA_DIR) : undefined,
      snapshotMs: config.SNAPSHOT_MS,
      // A read the engine could not take stays set aside, shown to organizers with its reason.
      onSetAside: (eventId, read, reason) => corrections.ignore(eventId, read.seq, SERVER_ACTOR, reason, now()),
      // The main connection's page cache too (filled by the snapshots' count of the log).
      idleCollector: config.IDLE_GC ? idleCollectorOf(scheduler, config.COALESCE_MS, log, () => db.pragma('shrink_memory')) : undefined,
    });
    closers.push(() => runtime?.close());
    runtime.loadAll();
    for (const id of runtime.eventIds()) hub.load(runtime.state(id)!);
    const vapid = loadOrCreateVapidKeys(config.DATA_DIR);
    const pushSender = new PushSender({
      vapid,
      contact: config.PUSH_CONTACT,
      services: config.PUSH_SERVICES,
      now,
      scheduler,
      log,
      onGone: (id) => alerts?.gone(id),
    });
    alerts = new Alerts({ store: new AlertSubscriptions(db), mirror: (eventId) => hub.mirror(eventId), services: config.PUSH_SERVICES, sender: pushSender, now, scheduler });
    closers.unshift(() => {
      alerts?.close();
      pushSender.close();
    });
    const ingest = new IngestService(db, readLog, devices, runtime, writer);
    organizers = await createOrganizerConsole({ db, runtime, readLog, devices, log, now, config });
    closers.unshift(() => organizers?.close());
    const timing = await startTiming({ db, config, runtime, ingest, devices, log, now, ownPorts: () => [port], emitPosition: (position) => link.position(position) });
    closers.unshift(() => timing.close());
    await writer.ready;
    services = { runtime, ingest, devices, organizer: organizers.context, rehearsals: organizers.rehearsals, timing, pins, alerts: { alerts, publicKey: vapid.publicKey } };
    primary = { db, runtime, devices, readLog, timing, monitoring: organizers.monitoring, alerts, pushSender };
  }

  const app = express();
  app.disable('x-powered-by');
  const trust = trustRule(config.TRUST_PROXY);
  httpEdge(app, config, log, trust);
  mountRoutes(app, {
    config,
    hub,
    tiles,
    now,
    primary: services,
    timeTravel: timeTravelHandlers(runtime, { onBuildError: (eventId, err) => log.error({ eventId, err }, 'timeline build failed') }),
    health: () => ({ status: bus.status() === 'down' ? 'degraded' : 'ok', role: config.ROLE, redis: bus.status(), events: hub.events().length }),
  });

  const httpServer = createServer(app);
  const sockets = openSockets(httpServer, {
    hub,
    pins,
    organizers,
    monitorIntervalMs: config.MONITOR_INTERVAL_MS,
    trustProxy: config.TRUST_PROXY !== undefined && config.TRUST_PROXY !== false,
    clientKey: (req) => clientKey(req, trust),
    socketsPerAddress: config.SOCKETS_PER_ADDRESS,
    now,
    socketBurst: config.SOCKET_BURST,
  });
  await link.start();

  await new Promise<void>((resolve) => httpServer.listen(config.PORT, config.HOST, resolve));
  port = (httpServer.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  log.info({ url, role: config.ROLE, redis: bus.status() }, 'splitcast listening');

  return {
    config,
    log,
    url,
    port,
    httpServer,
    app,
    io: sockets.io,
    hub,
    bus,
    primary,
    async close() {
      primary?.runtime.flush();
      const closed = sockets.close();
      // Browsers keep idle HTTP connections open; without this a restart can wait on them.
      httpServer.closeAllConnections();
      await closed;
      for (const close of closers) await close();
    },
  };
}
