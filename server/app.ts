// Composes one Splitcast instance: storage and engines (a primary's from the start, a standby's
// once it takes the lease; until then it copies the leader's store), the leadership (fixed, or the
// Redis lease), the bus and the cluster link, the HTTP routes and the Socket.IO namespaces. Each
// part is built here and handed what it needs; what they do lives in their own modules.
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
import { FixedLeadership, type Leadership } from './cluster/leadership';
import type { LeaderDirectory, RedisLease } from './cluster/redis-lease';
import { changesSince } from './cluster/replication';
import { StandbyFollower } from './cluster/standby-follower';
import { forgetCopyTerm } from './cluster/copy-term';
import { snapshotFile, snapshotVersions } from './cluster/snapshot-copies';
import { ReplicationSource, type StandbyReport } from './cluster/replication-source';
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
import { History } from './live/history';
import { createOrganizerConsole, type OrganizerConsole } from './organizer/organizer-console';
import { openSockets } from './sockets/namespaces';
import { startTiming, type TimingModule } from './timing/timing-module';
import { AlertSubscriptions } from './storage/alert-subscriptions';
import { Alerts } from './push/alerts';
import { AlertMarks } from './storage/alert-marks';
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
  /** Who leads: fixed for a lone primary and a replica, a Redis lease for a standby. */
  leadership: Leadership;
  /** Present on the primary, and on a standby once it leads. */
  primary?: { db: Db; runtime: EventRuntime; devices: DeviceTokens; readLog: ReadLog; timing: TimingModule; monitoring: MonitoringFeed; alerts: Alerts; pushSender: PushSender };
  close(): Promise<void>;
}

export interface SplitcastOptions {
  log?: Logger;
  clock?: Clock;
  scheduler?: Scheduler;
  /** A bus shared with other instances in this process; otherwise Redis when configured, else in-process. */
  bus?: Bus;
  /**
   * Called once when this instance, having led, finds that another instance led since (a newer
   * term than its own). It already refuses writes; the caller stops it, to be started again as a
   * standby (server/main.ts exits with EXIT_DEPOSED). Without it the instance stays up, refusing writes.
   */
  onDeposed?: () => void;
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

  const instanceId = randomUUID();
  const stores = config.ROLE !== 'replica';
  let leadership: Leadership;
  let lease: RedisLease | undefined;
  // The Redis client is loaded only where it is used (a good part of a lone instance's start-up time).
  const redisLease = () => import('./cluster/redis-lease');
  if (config.ROLE === 'standby') {
    const { RedisLease } = await redisLease();
    lease = new RedisLease({ url: config.REDIS_URL!, prefix: config.REDIS_PREFIX, holder: instanceId, advertiseUrl: () => config.ADVERTISE_URL ?? `http://127.0.0.1:${port}`, leaseMs: config.LEASE_MS, log, eligible: () => follower?.consistent() ?? true });
    leadership = lease;
  } else leadership = new FixedLeadership(config.ROLE === 'primary' ? 'leader' : 'replica');
  // First at close: a standby takes the lease at once instead of waiting for it to lapse.
  closers.unshift(() => leadership.close());

  // A replica loads from PRIMARY_URL, or from whoever holds the lease.
  let directory: LeaderDirectory | undefined;
  if (config.ROLE === 'replica' && !config.PRIMARY_URL) {
    const { LeaderDirectory } = await redisLease();
    directory = new LeaderDirectory(config.REDIS_URL!, config.REDIS_PREFIX);
    await directory.start();
    const opened = directory;
    closers.push(() => opened.close());
  }
  const primaryUrl = async () => {
    if (config.PRIMARY_URL) return config.PRIMARY_URL;
    const leader = await directory!.leader();
    // So a replica reports the term it follows before the leader's first message arrives.
    leadership.observe(leader.term);
    return leader.url;
  };

  // The hub reads state from the local engines on the primary, from the primary on a replica;
  // the link is declared before the engines that publish through it.
  let runtime: EventRuntime | undefined;
  let listening = false;
  /** This server's own address, for its rehearsal players' ingest. */
  const selfUrl = () => {
    const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
    return `http://${host}:${port}`;
  };
  // The race as it was (`?at=`): timelines that follow the local engines, on a leader only.
  const history = stores ? new History((id) => runtime?.engineForTimeTravel(id), { now, onBuildError: (eventId, err) => log.error({ eventId, err }, 'timeline build failed') }) : undefined;
  const source: StateSource = stores ? async (eventId) => runtime?.state(eventId) : async (eventId) => fetchPrimaryState(await primaryUrl(), config.CLUSTER_TOKEN!, eventId);
  const hub = new LiveHub(source, log, scheduler);
  closers.push(() => hub.fields.close());
  closers.push(() => hub.stages.close());
  // The announcer's pins go out through the link, which is declared next.
  const pins = new ScreenPins({ now, scheduler, publish: (eventId, pin) => link.pin(eventId, pin) });
  closers.push(() => pins.close());
  const link = new ClusterLink({
    bus,
    hub,
    channel: liveChannel(config.REDIS_PREFIX),
    instanceId,
    log,
    scheduler,
    announced: () => runtime?.eventIds() ?? [],
    primary: config.ROLE === 'replica' ? { eventIds: async () => fetchPrimaryEventIds(await primaryUrl(), config.CLUSTER_TOKEN!) } : undefined,
    pins,
    leadership,
    followsOthers: config.ROLE !== 'standby',
  });
  closers.unshift(() => link.close());

  // Alerts are sent by the leader alone (a lone primary, or the standby that holds the lease), from
  // the deltas it publishes: replicas and a deposed leader never send.
  let alerts: Alerts | undefined;
  let primary: Splitcast['primary'];
  let services: PrimaryServices | undefined;
  let standbyReport: () => StandbyReport | undefined = () => undefined;
  let replicationChanged = () => {};
  let organizers: OrganizerConsole | undefined;
  /** Opens the store and starts everything of a leader: at start on a primary, at takeover on a standby. */
  const openStore = async () => {
    const db = openDatabase(config.DATA_DIR, { cacheMb: 8 });
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
        if (leadership.role() === 'leader') alerts?.changed(delta);
      },
      publishSetup: (state) => link.setup(state),
      snapshots: config.SNAPSHOT_MS > 0 ? new EngineSnapshots(config.DATA_DIR) : undefined,
      snapshotMs: config.SNAPSHOT_MS,
      // A read the engine could not take stays set aside, shown to organizers with its reason.
      onSetAside: (eventId, read, reason) => corrections.ignore(eventId, read.seq, SERVER_ACTOR, reason, now()),
      // The main connection's page cache too (filled by the snapshots' count of the log).
      idleCollector: config.IDLE_GC ? idleCollectorOf(scheduler, config.COALESCE_MS, log, () => db.pragma('shrink_memory')) : undefined,
      onPublished: () => history?.catchUpAll(runtime?.eventIds() ?? []),
    });
    const opened = runtime;
    closers.push(() => opened.close());
    // After the engines: closing them writes their snapshots, which reads the log.
    closers.push(() => {
      db.close();
    });
    runtime.loadAll();
    for (const id of runtime.eventIds()) hub.load(runtime.state(id)!);
    const vapid = loadOrCreateVapidKeys(db);
    const pushSender = new PushSender({
      vapid,
      contact: config.PUSH_CONTACT,
      services: config.PUSH_SERVICES,
      now,
      scheduler,
      log,
      onGone: (id) => alerts?.gone(id),
    });
    alerts = new Alerts({ store: new AlertSubscriptions(db), marks: new AlertMarks(db), mirror: (eventId) => hub.mirror(eventId), services: config.PUSH_SERVICES, sender: pushSender, now, scheduler });
    closers.unshift(() => {
      alerts?.close();
      pushSender.close();
    });
    // A leader of a cluster serves its standby's copy (a lone primary has none).
    const replication = config.ROLE === 'standby' ? new ReplicationSource({ db, term: () => leadership.term(), log, syncTimeoutMs: config.SYNC_STANDBY ? config.SYNC_TIMEOUT_MS : 0, snapshotVersions: () => snapshotVersions(config.DATA_DIR), instanceId }) : undefined;
    if (replication) closers.unshift(() => replication.close());
    const ingest = new IngestService(db, readLog, devices, runtime, writer, leadership, replication);
    organizers = await createOrganizerConsole({ db, runtime, readLog, devices, log, now, config });
    // A standby taking over listens already: its rehearsal players go on at once.
    if (listening) organizers.rehearsals.restore(selfUrl());
    const console = organizers;
    closers.unshift(() => console.close());
    const timing = await startTiming({ db, config, runtime, ingest, devices, log, now, ownPorts: () => [port], emitPosition: (position) => link.position(position) });
    closers.unshift(() => timing.close());
    await writer.ready;
    services = {
      runtime,
      ingest,
      devices,
      organizer: organizers.context,
      rehearsals: organizers.rehearsals,
      timing,
      pins,
      alerts: { alerts, publicKey: vapid.publicKey },
      clusterStatus: async () => {
        const seq = readLog.lastSeq();
        const copy = replication?.report();
        return {
          clustered: config.ROLE === 'standby',
          term: leadership.term(),
          seq,
          standby: copy && copy.lastAskAt !== null ? { ...copy, lagReads: Math.max(0, seq - copy.confirmedSeq) } : null,
          replicas: lease ? await lease.replicas() : [],
        };
      },
      snapshotFile: (eventId) => snapshotFile(config.DATA_DIR, eventId),
      replicate: (position) => replication?.changes(position) ?? Promise.resolve(changesSince(db, position, leadership.term())),
    };
    primary = { db, runtime, devices, readLog, timing, monitoring: organizers.monitoring, alerts, pushSender };
    standbyReport = () => replication?.report();
    replicationChanged = () => replication?.changed();
  };
  if (config.ROLE === 'primary') await openStore();

  // A standby copies the leader's store until it takes the lease; then it opens that copy as a leader.
  let follower: StandbyFollower | undefined;
  let takeover: Promise<void> | null = null;
  if (config.ROLE === 'standby') {
    const { LeaderDirectory } = await redisLease();
    const leaders = new LeaderDirectory(config.REDIS_URL!, config.REDIS_PREFIX);
    await leaders.start();
    closers.push(() => leaders.close());
    follower = new StandbyFollower({ dataDir: config.DATA_DIR, clusterToken: config.CLUSTER_TOKEN!, leaderUrl: async () => (await leaders.leader()).url, log });
    const copy = follower;
    closers.push(() => copy.stop());
    // A leader whose lease another instance took (a newer term) steps down: told once. A lease
    // that lapsed (a pause, a long start) and that no one else took is taken again: the term then
    // is exactly one more (every take counts it up), so no one led in between and the open store
    // is still the newest.
    let ledTerm: number | null = null;
    let deposed = false;
    const stepDown = () => {
      if (deposed || services === undefined || ledTerm === null) return;
      const term = leadership.term();
      if (leadership.role() === 'leader') {
        if (term === ledTerm) return;
        if (term === ledTerm + 1) {
          log.info({ term }, 'leading again after the lease lapsed; no one led in between');
          ledTerm = term;
          return;
        }
      } else if (term === ledTerm) return;
      deposed = true;
      log.warn({ term, ledTerm }, 'another instance led since: stepping down, to start again as a standby');
      options.onDeposed?.();
    };
    leadership.onChange((role) => {
      if (role !== 'leader' || takeover) return stepDown();
      ledTerm = leadership.term();
      takeover = (async () => {
        await copy.stop();
        // From now on the file holds this leader's own writes: a restart must not resume it as a copy.
        forgetCopyTerm(config.DATA_DIR);
        log.info({ seq: copy.stoppedAt, term: leadership.term() }, 'standby: taking over from its copy of the store');
        await openStore();
        routes.attachPrimary(services!);
        sockets.bindOrganizers(organizers!);
        link.announceAll();
        // The lease may have been lost while the store was opening.
        stepDown();
      })().catch((err: Error) => {
        // A standby that cannot open its store must not lead: give the lease up and stop.
        log.fatal({ err }, 'standby: taking over failed');
        void leadership.close().then(() => process.exit(1));
      });
    });
  }

  const app = express();
  app.disable('x-powered-by');
  const trust = trustRule(config.TRUST_PROXY);
  httpEdge(app, config, log, trust);
  const routes = mountRoutes(app, {
    config,
    hub,
    tiles,
    now,
    primary: services,
    takesOver: config.ROLE === 'standby',
    cluster: { leadership, seq: () => primary?.readLog.lastSeq() ?? (follower?.stoppedAt ?? follower?.lastSeq()) ?? null, ready: () => services !== undefined, standby: () => standbyReport(), wrote: () => replicationChanged() },
    timeTravel: timeTravelHandlers(history, { now }),
    health: () => ({ status: bus.status() === 'down' ? 'degraded' : 'ok', role: leadership.role(), redis: bus.status(), events: hub.events().length }),
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
    clusterToken: config.CLUSTER_TOKEN,
  });
  await link.start();

  await new Promise<void>((resolve) => httpServer.listen(config.PORT, config.HOST, resolve));
  port = (httpServer.address() as AddressInfo).port;
  listening = true;
  const url = `http://127.0.0.1:${port}`;
  // Rehearsal players kept from before a restart go on, through this server's own ingest.
  organizers?.rehearsals.restore(selfUrl());
  // Once the engines are loaded and the port known (the lease names where the leader is).
  await lease?.start();
  directory?.announce(instanceId, () => config.ADVERTISE_URL ?? url);
  // A standby that leads at once (the first of a cluster) serves as the leader before it returns.
  if (takeover) await takeover;
  log.info({ url, role: leadership.role(), redis: bus.status() }, 'splitcast listening');

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
    leadership,
    get primary() {
      return primary;
    },
    async close() {
      primary?.runtime.publishNow();
      const closed = sockets.close();
      // Browsers keep idle HTTP connections open; without this a restart can wait on them.
      httpServer.closeAllConnections();
      await closed;
      for (const close of closers) await close();
    },
  };
}
