// Assembles one Splitcast instance: storage and engines (primary), the bus, the HTTP edge and
// Socket.IO. Everything with I/O is created here and handed to the parts that need it.
import { randomUUID } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdapter } from '@socket.io/redis-adapter';
import express, { type Express } from 'express';
import pino, { type Logger } from 'pino';
import { Server } from 'socket.io';
import type { Config } from './config';
import type { Bus } from './bus/bus';
import { InProcessBus } from './bus/in-process-bus';
import { closeRedisClient, RedisBus } from './bus/redis-bus';
import { EventRuntime } from './live/event-runtime';
import { LiveHub, type SpectatorServer, type StateSource } from './live/live-hub';
import { liveChannel, type EventState, type LiveMessage } from './live/messages';
import { openDatabase, type Db } from './storage/database';
import { ReadLog } from './storage/read-log';
import { EventStore } from './storage/event-store';
import { DeviceTokens } from './storage/device-tokens';
import { IngestService } from './ingest/ingest-service';
import { httpEdge, sameOriginSockets, serveClient } from './http/edge';
import { errorHandler, HttpError, notFound } from './http/errors';
import { ingestRoutes } from './http/ingest-routes';
import { publicRoutes } from './http/public-routes';
import { clusterRoutes } from './http/cluster-routes';
import { clientConfigRoutes } from './http/client-config-routes';
import { bindSpectatorSockets } from './sockets/spectator-socket';
import { createOrganizerConsole, type OrganizerConsole } from './organizer/organizer-console';
import { fetchPrimaryState, fetchPrimaryEventIds } from './live/primary-client';
import { startTiming, type TimingModule } from './timing/timing-module';
import { ScreenPins, screenChannel } from './live/screen-pins';
import { screenPinRoutes } from './http/screen-pin-routes';
import { bindScreenSockets } from './sockets/screen-socket';

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
  primary?: { db: Db; runtime: EventRuntime; devices: DeviceTokens; readLog: ReadLog; timing: TimingModule };
  close(): Promise<void>;
}

export async function createSplitcast(config: Config, options: { log?: Logger } = {}): Promise<Splitcast> {
  const log = options.log ?? pino({ level: config.LOG_LEVEL });
  const instanceId = randomUUID();
  const now = () => Date.now();
  const closers: (() => Promise<void> | void)[] = [];

  const redisBus = config.REDIS_URL ? new RedisBus(config.REDIS_URL, log) : null;
  const bus: Bus = redisBus ?? new InProcessBus();
  if (redisBus) {
    // Wait briefly for Redis so a healthy start reports it up; never block start-up on it.
    const ready = redisBus.start().catch((err: Error) => log.error({ err: err.message }, 'redis connection failed'));
    await Promise.race([ready, new Promise((r) => setTimeout(r, 2000).unref())]);
  }
  closers.push(() => bus.close());

  const channel = liveChannel(config.REDIS_PREFIX);
  const publish = (message: LiveMessage) => {
    if (bus.status() === 'off') return;
    bus.publish(channel, JSON.stringify(message)).catch(() => {
      // Redis is down: instances catch up from the primary's state when it is back.
    });
  };

  const screenPins = new ScreenPins({ bus, channel: screenChannel(config.REDIS_PREFIX), origin: instanceId, log, now });
  await screenPins.start();
  closers.unshift(() => screenPins.close());

  let primary: Splitcast['primary'];
  let organizerConsole: OrganizerConsole | undefined;
  let source: StateSource;
  let hub: LiveHub;
  const app = express();
  app.disable('x-powered-by');
  httpEdge(app, config, log);

  if (config.ROLE === 'primary') {
    const db = openDatabase(config.DATA_DIR);
    closers.push(() => {
      db.close();
    });
    const readLog = new ReadLog(db);
    const store = new EventStore(db);
    const devices = new DeviceTokens(db);
    const runtime = new EventRuntime({
      store,
      readLog,
      log,
      coalesceMs: config.COALESCE_MS,
      now,
      publishDelta: (delta) => {
        hub.applyDelta(delta);
        publish({ kind: 'delta', origin: instanceId, delta });
      },
      publishSetup: (state: EventState) => {
        hub.load(state);
        publish({ kind: 'setup', origin: instanceId, eventId: state.info.id });
      },
    });
    closers.push(() => runtime.close());
    source = async (eventId) => runtime.state(eventId);
    hub = new LiveHub(source, log);
    runtime.loadAll();
    for (const id of runtime.eventIds()) hub.load(runtime.state(id)!);
    const ingest = new IngestService(db, readLog, devices, runtime);
    app.use(ingestRoutes(ingest, devices, now));
    organizerConsole = await createOrganizerConsole({ db, runtime, readLog, devices, log, now, config });
    app.use(organizerConsole.router);
    app.use(screenPinRoutes(organizerConsole.context, hub, screenPins));
    closers.unshift(() => organizerConsole?.close());
    const timing = await startTiming({ app, db, config, runtime, ingest, devices, log, now, emitPosition: (rooms, p) => io.to(rooms).emit('runner:position', p), organizer: organizerConsole.context });
    closers.unshift(() => timing.close());
    if (config.CLUSTER_TOKEN) app.use(clusterRoutes(runtime, config.CLUSTER_TOKEN));
    primary = { db, runtime, devices, readLog, timing };
  } else {
    app.post('/api/events/:eventId/reads', () => {
      throw new HttpError(421, 'this instance is a replica: send reads to the primary');
    });
    source = (eventId) => fetchPrimaryState(config.PRIMARY_URL!, config.CLUSTER_TOKEN!, eventId);
    hub = new LiveHub(source, log);
  }

  app.use(clientConfigRoutes(config));
  app.use(publicRoutes(hub, () => ({
    status: bus.status() === 'down' ? 'degraded' : 'ok',
    role: config.ROLE,
    redis: bus.status(),
    events: hub.events().length,
  })));
  app.use('/api', (_req, res) => {
    res.status(404).json({ error: 'no such API endpoint' });
  });
  if (config.CLIENT_DIR) serveClient(app, config.CLIENT_DIR);
  app.use(notFound);
  app.use(errorHandler);

  const httpServer = createServer(app);
  const io: SpectatorServer = new Server(httpServer, { serveClient: false, cors: undefined, maxHttpBufferSize: 1e5, allowRequest: sameOriginSockets });
  if (redisBus) {
    const [pubClient, subClient] = redisBus.duplicateClients();
    for (const c of [pubClient, subClient]) c.on('error', () => {});
    Promise.all([pubClient.connect(), subClient.connect()]).catch(() => {});
    io.adapter(createAdapter(pubClient, subClient, { key: `${config.REDIS_PREFIX}#socket.io` }));
    closers.unshift(async () => {
      await Promise.allSettled([closeRedisClient(pubClient), closeRedisClient(subClient)]);
    });
  }
  hub.attach(io);
  bindSpectatorSockets(io, hub);
  bindScreenSockets(io, hub, screenPins);
  organizerConsole?.attach(io);

  const unsubscribe = await bus.subscribe(channel, (raw) => {
    let message: LiveMessage;
    try {
      message = JSON.parse(raw) as LiveMessage;
    } catch {
      return;
    }
    if (message.origin !== instanceId) hub.receive(message);
  });
  closers.unshift(unsubscribe);
  // A (re)started primary numbers its deltas from 1 again, and messages sent while Redis was away
  // are lost: the primary announces every event so replicas reload it; a replica reloads by itself.
  const announce = () => {
    for (const eventId of primary?.runtime.eventIds() ?? []) publish({ kind: 'setup', origin: instanceId, eventId });
  };
  bus.onReconnect(() => void (config.ROLE === 'replica' ? loadFromPrimary() : announce()));
  announce();

  let stopped = false;
  const loadFromPrimary = async (): Promise<void> => {
    for (let attempt = 0; !stopped; attempt++) {
      try {
        const ids = await fetchPrimaryEventIds(config.PRIMARY_URL!, config.CLUSTER_TOKEN!);
        for (const id of ids) await hub.resync(id);
        if (ids.every((id) => hub.mirror(id))) return;
      } catch (err) {
        log.warn({ err: (err as Error).message, attempt }, 'primary not reachable; retrying');
      }
      await new Promise((r) => setTimeout(r, Math.min(200 * 2 ** attempt, 2000)));
    }
  };
  if (config.ROLE === 'replica') await loadFromPrimary();

  await new Promise<void>((resolve) => httpServer.listen(config.PORT, config.HOST, resolve));
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  log.info({ url, role: config.ROLE, redis: bus.status() }, 'splitcast listening');

  return {
    config,
    log,
    url,
    port,
    httpServer,
    app,
    io,
    hub,
    bus,
    primary,
    async close() {
      stopped = true;
      primary?.runtime.flush();
      const closed = new Promise<void>((resolve) => io.close(() => resolve()));
      // Browsers keep idle HTTP connections open; without this a restart can wait on them.
      httpServer.closeAllConnections();
      await closed;
      for (const close of closers) await close();
    },
  };
}
