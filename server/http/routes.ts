// Every HTTP route of an instance, in one place: method, path, guards, then the body parser (only
// on routes that take a body, after their authentication), then the handler.
// The handlers live beside this file, one file per area; the services they call know no HTTP.
import cookieParser from 'cookie-parser';
import express, { type Express, type IRouter, type RequestHandler } from 'express';
import type { Config } from '../config';
import type { LiveHub } from '../live/live-hub';
import type { IngestService } from '../ingest/ingest-service';
import type { EventRuntime } from '../live/event-runtime';
import type { OrganizerContext } from '../organizer/organizer-context';
import type { Rehearsals } from '../rehearsal/rehearsal-service';
import type { ScreenPins } from '../live/screen-pins';
import type { DeviceTokens } from '../storage/device-tokens';
import type { TimingModule } from '../timing/timing-module';
import type { Alerts } from '../push/alerts';
import { alertHandlers, replicaRefusesAlerts } from './alert-handlers';
import { alertRateLimit } from './rate-limits';
import { jsonBody } from './body-parsers';
import { clusterHandlers, requireClusterToken } from './cluster-handlers';
import { clusterRoleHandlers, type ClusterRoleDeps } from './cluster-role-handlers';
import { requireLeader } from './leader-guard';
import { replicationHandlers } from './replication-handlers';
import type { CopyPosition, ReplicationBatch } from '../cluster/replication';
import type { ClusterStatus } from '../../shared/organizer-api';
import { requireDevice } from './device-auth';
import { serveClient } from './edge';
import { errorHandler, notFound } from './errors';
import { ingestHandlers, replicaRefusesReads } from './ingest-handlers';
import { requireAdmin, requireEventAccess, requireJsonWrites, requireOrganizer } from './organizer-auth';
import { organizerControlHandlers } from './organizer-control-handlers';
import { loginRateLimit, organizerSessionHandlers } from './organizer-session-handlers';
import { organizerRehearsalHandlers } from './organizer-rehearsal-handlers';
import { organizerSetupHandlers } from './organizer-setup-handlers';
import { courseHistoryHandlers } from './course-history-handlers';
import { publicHandlers } from './public-handlers';
import { screenPinHandlers } from './screen-pin-handlers';
import type { TileHandlers } from './tile-handlers';
import type { TimeTravelHandlers } from './time-travel-handlers';
import { timingDeviceHandlers } from './timing-device-handlers';
import { timingOrganizerHandlers } from './timing-organizer-handlers';

/** Routes a standby refuses (with 503) while it does not lead; the front door sends them to the leader. */
const LEADER_ROUTES = ['/api/organizer', '/api/internal', '/api/push', '/api/events/:eventId/reads', '/api/events/:eventId/timing', '/api/events/:eventId/osmand', '/api/events/:eventId/alerts'];

/** What only the primary has: ingest, the organizers' console and timing equipment. */
export interface PrimaryServices {
  runtime: EventRuntime;
  ingest: IngestService;
  devices: DeviceTokens;
  organizer: OrganizerContext;
  rehearsals: Rehearsals;
  timing: TimingModule;
  pins: ScreenPins;
  /** The cluster as this leader sees it, for the console. */
  clusterStatus: () => Promise<ClusterStatus>;
  /** What a standby's copy of the store lacks (server/cluster/replication.ts). */
  replicate: (position: CopyPosition) => Promise<ReplicationBatch>;
  /** Where an event's engine snapshot is, for the standby to copy (server/cluster/snapshot-copies.ts). */
  snapshotFile: (eventId: string) => string;
  /** Spectators' alerts (Web Push) and the public VAPID key browsers subscribe with. */
  alerts: { alerts: Alerts; publicKey: string };
}

export interface RouteDeps {
  config: Config;
  hub: LiveHub;
  tiles: TileHandlers;
  /** `?at=` answers (the primary's history); they pass on to the live handlers without `at`. */
  timeTravel: TimeTravelHandlers;
  now: () => number;
  health: () => Record<string, unknown>;
  /** This instance's role and term in the cluster. */
  cluster: ClusterRoleDeps;
  primary?: PrimaryServices;
  /** A standby: the leader's routes come once it has taken over (see `attachPrimary`). */
  takesOver?: boolean;
}

export interface MountedRoutes {
  /** A standby that took over: its leader's routes, from now on. */
  attachPrimary(services: PrimaryServices): void;
}

export function mountRoutes(app: Express, deps: RouteDeps): MountedRoutes {
  const { config, primary } = deps;
  const role = clusterRoleHandlers(deps.cluster);
  app.get('/api/cluster/role', role.role);
  app.get('/api/cluster/leader', role.leader);
  let attached: RequestHandler | null = null;
  if (primary || deps.takesOver) {
    // Only the leader takes writes, serves the console and hands its state to replicas and its store to the standby.
    app.use(LEADER_ROUTES, requireLeader(deps.cluster.leadership, deps.cluster.ready, deps.cluster.wrote));
    if (primary) mountPrimaryRoutes(app, primary, deps);
    else app.use((req, res, next) => (attached ? attached(req, res, next) : next()));
  } else {
    app.post('/api/events/:eventId/reads', replicaRefusesReads);
    app.get('/api/push/key', replicaRefusesAlerts);
    app.post('/api/events/:eventId/alerts', replicaRefusesAlerts);
    app.get('/api/events/:eventId/alerts/:id', replicaRefusesAlerts);
    app.delete('/api/events/:eventId/alerts/:id', replicaRefusesAlerts);
  }

  app.get('/api/config', deps.tiles.clientConfig);
  app.get('/tiles/:z/:x/:y', deps.tiles.tile);
  app.get('/tiles/{*rest}', deps.tiles.notATile);
  const pub = publicHandlers(deps.hub, deps.health);
  app.get('/api/health', pub.health);
  app.get('/api/events', pub.events);
  app.get('/api/events/:eventId', pub.event);
  app.get('/api/events/:eventId/races/:raceId/leaderboard', deps.timeTravel.leaderboard, pub.leaderboard);
  app.get('/api/events/:eventId/runners/:bib', deps.timeTravel.runner, pub.runner);
  app.get('/api/events/:eventId/search', pub.search);

  app.use('/api', (_req, res) => {
    res.status(404).json({ error: 'no such API endpoint' });
  });
  if (config.CLIENT_DIR) serveClient(app, config.CLIENT_DIR);
  app.use(notFound);
  app.use(errorHandler);
  return {
    attachPrimary(services) {
      const router = express.Router();
      mountPrimaryRoutes(router, services, deps);
      attached = router;
    },
  };
}

function mountPrimaryRoutes(app: IRouter, primary: PrimaryServices, deps: RouteDeps): void {
  // Bodies are parsed only here, after each route's own checks.
  const json = jsonBody();
  const device = requireDevice(primary.devices, deps.now);
  const ingest = ingestHandlers(primary.ingest, deps.now);
  app.post('/api/events/:eventId/reads', device, json, ingest.postReads);

  // Spectators' alerts: anyone may subscribe, a few times a minute per address.
  const alerts = alertHandlers(primary.alerts.alerts, primary.alerts.publicKey);
  const alertLimit = alertRateLimit(deps.config);
  app.get('/api/push/key', alerts.key);
  app.post('/api/events/:eventId/alerts', ...alertLimit, jsonBody('16kb'), alerts.subscribe);
  app.get('/api/events/:eventId/alerts/:id', alerts.subscription);
  app.delete('/api/events/:eventId/alerts/:id', ...alertLimit, alerts.unsubscribe);

  // The organizers' console: a session cookie on every route; writes are JSON (the CSRF guard).
  const ctx = primary.organizer;
  const signedIn = requireOrganizer(ctx);
  const ofEvent: RequestHandler[] = [signedIn, requireEventAccess, requireJsonWrites];
  app.use('/api/organizer', cookieParser());

  const session = organizerSessionHandlers(ctx);
  app.post('/api/organizer/login', loginRateLimit(), requireJsonWrites, jsonBody('16kb'), session.logIn);
  app.post('/api/organizer/logout', requireJsonWrites, session.logOut);
  app.get('/api/organizer/me', signedIn, session.me);
  app.get('/api/organizer/cluster', signedIn, async (_req, res) => {
    res.json(await primary.clusterStatus());
  });
  app.get('/api/organizer/accounts', signedIn, requireAdmin, session.accounts);
  app.post('/api/organizer/accounts', signedIn, requireAdmin, requireJsonWrites, json, session.createAccount);

  const setup = organizerSetupHandlers(ctx);
  app.get('/api/organizer/events', signedIn, setup.events);
  app.post('/api/organizer/events', signedIn, requireAdmin, requireJsonWrites, json, setup.createEvent);
  app.get('/api/organizer/events/:eventId/setup', ...ofEvent, setup.setup);
  app.post('/api/organizer/course/preview', signedIn, requireJsonWrites, json, setup.previewCourse);
  app.post('/api/organizer/events/:eventId/races', ...ofEvent, json, setup.addRace);
  app.post('/api/organizer/events/:eventId/races/:raceId/course', ...ofEvent, json, setup.setCourse);
  app.post('/api/organizer/events/:eventId/races/:raceId/snap', ...ofEvent, json, setup.snap);
  app.post('/api/organizer/events/:eventId/races/:raceId/timing-points', ...ofEvent, json, setup.addTimingPoint);
  app.get('/api/organizer/events/:eventId/races/:raceId/timing-points/:pointId/removal', ...ofEvent, setup.timingPointRemoval);
  app.delete('/api/organizer/events/:eventId/races/:raceId/timing-points/:pointId', ...ofEvent, json, setup.removeTimingPoint);
  app.put('/api/organizer/events/:eventId/races/:raceId/loop', ...ofEvent, json, setup.setLoop);
  app.post('/api/organizer/events/:eventId/entrants/preview', ...ofEvent, json, setup.previewEntrants);
  app.post('/api/organizer/events/:eventId/entrants/import', ...ofEvent, json, setup.importEntrants);

  // Earlier years' results on a race's course: the projections' prior.
  const history = courseHistoryHandlers(ctx);
  const raceHistory = '/api/organizer/events/:eventId/races/:raceId/history';
  app.get(raceHistory, ...ofEvent, history.list);
  app.post(raceHistory, signedIn, requireEventAccess, express.text({ type: 'text/csv', limit: '20mb' }), history.upload);
  app.delete(`${raceHistory}/:historyId`, ...ofEvent, json, history.remove);

  const control = organizerControlHandlers(ctx);
  app.post('/api/organizer/events/:eventId/races/:raceId/gun', ...ofEvent, json, control.gun);
  app.post('/api/organizer/events/:eventId/runners/:bib/status', ...ofEvent, json, control.status);
  app.post('/api/organizer/events/:eventId/runners/:bib/move', ...ofEvent, json, control.move);
  app.post('/api/organizer/events/:eventId/runners/:bib/privacy', ...ofEvent, json, control.privacy);
  app.post('/api/organizer/events/:eventId/runners/:bib/splits', ...ofEvent, json, control.manualSplit);
  app.post('/api/organizer/events/:eventId/runners/:bib/review', ...ofEvent, json, control.review);
  app.get('/api/organizer/events/:eventId/runners/:bib', ...ofEvent, control.runner);
  app.post('/api/organizer/events/:eventId/reads/:seq/ignore', ...ofEvent, json, control.ignoreRead);
  app.get('/api/organizer/events/:eventId/unmatched', ...ofEvent, control.unmatched);
  app.post('/api/organizer/events/:eventId/unmatched/assign', ...ofEvent, json, control.assignChip);
  app.get('/api/organizer/events/:eventId/audit', ...ofEvent, control.audit);
  app.get('/api/organizer/events/:eventId/audit/:id/undo', ...ofEvent, control.undoPreview);
  app.post('/api/organizer/events/:eventId/audit/:id/undo', ...ofEvent, json, control.undo);
  app.get('/api/organizer/events/:eventId/monitoring', ...ofEvent, control.monitoring);
  app.get('/api/organizer/events/:eventId/races/:raceId/results.csv', ...ofEvent, control.resultsCsv);
  app.get('/api/organizer/events/:eventId/devices', ...ofEvent, control.devices);
  app.post('/api/organizer/events/:eventId/devices', ...ofEvent, json, control.createDevice);
  app.post('/api/organizer/events/:eventId/devices/:deviceId/revoke', ...ofEvent, json, control.revokeDevice);

  // The announcer puts a runner on the stadium screens.
  const pin = screenPinHandlers(deps.hub, primary.pins, ctx);
  app.post('/api/organizer/events/:eventId/screen-pin', ...ofEvent, json, pin.pin);
  app.delete('/api/organizer/events/:eventId/screen-pin', ...ofEvent, pin.unpin);

  // Rehearsals: an event played again through the real ingest before race day.
  const rehearsal = organizerRehearsalHandlers(ctx, primary.rehearsals);
  const ofRehearsal: RequestHandler[] = [signedIn, requireEventAccess];
  app.post('/api/organizer/rehearsals/:eventId/from-results', signedIn, requireAdmin, express.text({ type: 'text/csv', limit: '20mb' }), rehearsal.fromResults);
  app.post('/api/organizer/rehearsals/:eventId/from-event', signedIn, requireAdmin, requireJsonWrites, json, rehearsal.fromEvent);
  app.get('/api/organizer/rehearsals/:eventId', ...ofRehearsal, rehearsal.status);
  app.post('/api/organizer/rehearsals/:eventId/play', ...ofRehearsal, requireJsonWrites, json, rehearsal.play);
  app.post('/api/organizer/rehearsals/:eventId/pause', ...ofRehearsal, requireJsonWrites, json, rehearsal.pause);
  app.post('/api/organizer/rehearsals/:eventId/stop', ...ofRehearsal, requireJsonWrites, json, rehearsal.stop);

  // Timing equipment with its device token, and the same set-up for an organizer.
  const timing = timingDeviceHandlers({ ...primary.timing.handlerDeps, onAudit: ctx.onAudit, gps: primary.timing.gps, listenerCounts: primary.timing.listenerCounts });
  app.get('/api/events/:eventId/timing/device', device, timing.device);
  app.put('/api/events/:eventId/timing/device', device, jsonBody('64kb'), timing.configureDevice);
  app.post('/api/events/:eventId/timing/backfill', device, express.text({ type: ['text/csv', 'text/plain'], limit: '20mb' }), timing.backfill);
  app.put('/api/events/:eventId/timing/trackers/:trackerId', device, jsonBody('4kb'), timing.registerTracker);
  app.get('/api/events/:eventId/osmand', timing.osmand);
  app.post('/api/events/:eventId/osmand', express.urlencoded({ extended: false, limit: '4kb' }), timing.osmand);
  app.get('/api/events/:eventId/positions', timing.positions);

  const timingByOrganizer = timingOrganizerHandlers(primary.timing.handlerDeps, ctx, primary.timing.connectors);
  const ofEventTiming: RequestHandler[] = [signedIn, requireEventAccess];
  app.get('/api/organizer/events/:eventId/timing/devices', ...ofEventTiming, timingByOrganizer.devices);
  app.put('/api/organizer/events/:eventId/timing/devices/:deviceId', ...ofEventTiming, requireJsonWrites, json, timingByOrganizer.configureDevice);
  app.post('/api/organizer/events/:eventId/timing/backfill', ...ofEventTiming, express.text({ type: 'text/csv', limit: '20mb' }), timingByOrganizer.backfill);
  app.put('/api/organizer/events/:eventId/timing/trackers/:trackerId', ...ofEventTiming, requireJsonWrites, json, timingByOrganizer.registerTracker);

  // Replicas load the primary's state, behind the shared cluster token.
  if (deps.config.CLUSTER_TOKEN) {
    const cluster = clusterHandlers(primary.runtime);
    app.use('/api/internal', requireClusterToken(deps.config.CLUSTER_TOKEN));
    app.get('/api/internal/events', cluster.eventIds);
    app.get('/api/internal/events/:eventId/state', cluster.eventState);
    const replication = replicationHandlers(primary.replicate, primary.snapshotFile);
    app.post('/api/internal/replication', jsonBody('16kb'), replication.changes);
    app.get('/api/internal/replication/snapshots/:eventId', replication.snapshot);
  }
}
