// Who may do what: every HTTP route of the app and every socket event against an anonymous
// spectator, a device token (its own event, another event's, revoked), an organizer of another
// event and an admin organizer. Private entrants never appear by name in anything spectators get.
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORGANIZER_NAMESPACE } from '../shared/organizer';
import { GUN, min } from './fixtures';
import { call, connectOrganizer, logIn, startWithOrganizer } from './organizer-helpers';
import { connectSocket, nextUpdate, postReads, TEST_CLUSTER_TOKEN, type TestPrimary, type TestSocket } from './support/servers';
import { WHOLE_RACE_REFUSED } from '../server/sockets/whole-race-access';

type Role = 'anonymous' | 'device' | 'foreignDevice' | 'revoked' | 'otherOrganizer' | 'admin';
const ROLES: Role[] = ['anonymous', 'device', 'foreignDevice', 'revoked', 'otherOrganizer', 'admin'];
/** Who gets past the door of a route. `public`: everyone; `session`: log-in/out, checked apart. */
type Access = 'public' | 'device' | 'organizer' | 'admin' | 'cluster' | 'session';
const ALLOWED: Record<Exclude<Access, 'session'>, Role[]> = {
  public: ROLES,
  device: ['device'],
  organizer: ['admin'], // the other organizer may not manage test-event
  admin: ['admin'],
  cluster: [],
};

/** Every route the app has; the test fails when a route is missing here. */
const MATRIX: Record<string, Access> = {
  'GET /api/health': 'public',
  // For the front door's health checks: role, term and log position, nothing private.
  'GET /api/cluster/role': 'public',
  'GET /api/cluster/leader': 'public',
  'GET /api/config': 'public',
  // Map tiles from a local MBTiles file (the second route answers when there is none or a bad address).
  'GET /tiles/:z/:x/:y': 'public',
  'GET /tiles/{*rest}': 'public',
  'GET /api/events': 'public',
  'GET /api/events/:eventId': 'public',
  'GET /api/events/:eventId/races/:raceId/leaderboard': 'public',
  'GET /api/events/:eventId/runners/:bib': 'public',
  'GET /api/events/:eventId/search': 'public',
  'GET /api/events/:eventId/positions': 'public',
  'GET /api/push/key': 'public',
  'POST /api/events/:eventId/alerts': 'public',
  'GET /api/events/:eventId/alerts/:id': 'public',
  'DELETE /api/events/:eventId/alerts/:id': 'public',
  // OsmAnd trackers authenticate with their tracker id and key, the same for everyone.
  'GET /api/events/:eventId/osmand': 'public',
  'POST /api/events/:eventId/osmand': 'public',
  'POST /api/events/:eventId/reads': 'device',
  'GET /api/events/:eventId/timing/device': 'device',
  'PUT /api/events/:eventId/timing/device': 'device',
  'POST /api/events/:eventId/timing/backfill': 'device',
  'PUT /api/events/:eventId/timing/trackers/:trackerId': 'device',
  'GET /api/internal/events': 'cluster',
  'GET /api/internal/events/:eventId/state': 'cluster',
  'POST /api/internal/replication': 'cluster',
  'GET /api/internal/replication/snapshots/:eventId': 'cluster',
  'POST /api/organizer/login': 'session',
  'POST /api/organizer/logout': 'session',
  'GET /api/organizer/me': 'public-organizer' as Access,
  'GET /api/organizer/cluster': 'public-organizer' as Access,
  'GET /api/organizer/accounts': 'admin',
  'POST /api/organizer/accounts': 'admin',
  'GET /api/organizer/events': 'public-organizer' as Access,
  'POST /api/organizer/events': 'admin',
  'POST /api/organizer/course/preview': 'public-organizer' as Access,
  // A race's course history (earlier years' results): for who manages the event.
  'GET /api/organizer/events/:eventId/races/:raceId/history': 'organizer',
  'POST /api/organizer/events/:eventId/races/:raceId/history': 'organizer',
  'DELETE /api/organizer/events/:eventId/races/:raceId/history/:historyId': 'organizer',
  // Rehearsals make events: an admin creates them; playing one is for who manages that event.
  'POST /api/organizer/rehearsals/:eventId/from-results': 'admin',
  'POST /api/organizer/rehearsals/:eventId/from-event': 'admin',
  'GET /api/organizer/rehearsals/:eventId': 'organizer',
  'POST /api/organizer/rehearsals/:eventId/play': 'organizer',
  'POST /api/organizer/rehearsals/:eventId/pause': 'organizer',
  'POST /api/organizer/rehearsals/:eventId/stop': 'organizer',
};
// Every other organizer route is about one event: only who may manage it.
const EVENT_ROUTE = /^(GET|POST|PUT|DELETE) \/api\/organizer\/events\/:eventId\//;
/** Routes any logged-in organizer may use (not tied to an event). */
const ANY_ORGANIZER: Role[] = ['otherOrganizer', 'admin'];

const PARAMS: Record<string, string> = { eventId: 'test-event', raceId: '10k', bib: '1', seq: '1', deviceId: 'no-such-device', pointId: 'no-such-point', trackerId: 't1' };

let primary: TestPrimary & { cookie: string };
const clusterToken = TEST_CLUSTER_TOKEN;
const creds: Record<Role, { token?: string; cookie?: string }> = {} as never;

beforeAll(async () => {
  primary = await startWithOrganizer({ config: { CLUSTER_TOKEN: clusterToken } });
  const { devices } = primary.server.primary!;
  const revoked = devices.create('test-event', 'lost mat', Date.now());
  devices.revoke(revoked.device.id, Date.now());
  const other = await call(primary.server.url, 'POST', '/api/organizer/accounts', {
    cookie: primary.cookie,
    body: { email: 'other@splitcast.test', password: 'another long password', role: 'organizer', eventIds: ['other-event'] },
  });
  expect(other.status).toBeLessThan(300);
  creds.anonymous = {};
  creds.device = { token: primary.token };
  creds.foreignDevice = { token: devices.create('other-event', 'other mat', Date.now()).token };
  creds.revoked = { token: revoked.token };
  creds.otherOrganizer = { cookie: await logIn(primary.server.url, 'other@splitcast.test', 'another long password') };
  creds.admin = { cookie: primary.cookie };
});
afterAll(async () => {
  await primary?.server.close();
});

interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: RouteLayer[] };
}
function appRoutes(stack: RouteLayer[], out: string[] = []): string[] {
  for (const layer of stack) {
    if (layer.route) for (const m of Object.keys(layer.route.methods)) out.push(`${m.toUpperCase()} ${layer.route.path}`);
    else if (layer.handle?.stack) appRoutes(layer.handle.stack, out);
  }
  return out;
}

function accessOf(route: string): Role[] | 'session' {
  const access = MATRIX[route] ?? (EVENT_ROUTE.test(route) ? 'organizer' : undefined);
  if (access === undefined) throw new Error(`route ${route} is not in the access matrix`);
  if ((access as string) === 'public-organizer') return ANY_ORGANIZER;
  return access === 'session' ? 'session' : ALLOWED[access];
}

describe('authorization matrix', () => {
  it('covers every route of the app, and each refuses exactly the roles it should', async () => {
    const routes = [...new Set(appRoutes((primary.server.app as unknown as { router: { stack: RouteLayer[] } }).router.stack))];
    expect(routes.length).toBeGreaterThan(40);
    const wrong: string[] = [];
    for (const route of routes) {
      const allowed = accessOf(route);
      if (allowed === 'session') continue;
      const [method, pattern] = route.split(' ');
      const path = pattern.replace(/:(\w+)/g, (_, name: string) => PARAMS[name] ?? 'x');
      for (const role of ROLES) {
        const res = await call(primary.server.url, method, path, { ...creds[role], body: method === 'GET' ? undefined : {}, contentType: path.endsWith('backfill') ? 'text/csv' : undefined });
        const refused = res.status === 401 || res.status === 403;
        const should = !allowed.includes(role);
        if (res.status >= 500) wrong.push(`${route} as ${role}: ${res.status}`);
        if (refused !== should && !(route.includes('osmand') && res.status === 401)) wrong.push(`${route} as ${role}: ${res.status} ${res.text.slice(0, 120)}`);
        if (refused && !(typeof res.body?.error === 'string' && res.body.error.length > 5)) wrong.push(`${route} as ${role}: refusal without a message`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the cluster state needs the cluster token', async () => {
    expect((await call(primary.server.url, 'GET', '/api/internal/events', { token: clusterToken })).status).toBe(200);
    expect((await call(primary.server.url, 'GET', '/api/internal/events', { token: primary.token })).status).toBe(401);
  });

  it('log-in refuses wrong passwords with one message for unknown and known accounts alike', async () => {
    const attempt = (email: string, password: string) => call(primary.server.url, 'POST', '/api/organizer/login', { body: { email, password } });
    const unknown = await attempt('nobody@splitcast.test', 'whatever whatever');
    const known = await attempt('other@splitcast.test', 'not the password');
    expect(unknown.status).toBe(401);
    expect(known.status).toBe(401);
    expect(unknown.body.error).toBe(known.body.error);
  });

  it('a device token writes reads for its own event only', async () => {
    const read = { reads: [{ point: 'start', chip: 'C2', time: GUN }] };
    const before = primary.server.primary!.readLog.count('test-event');
    expect((await postReads(primary.server.url, 'test-event', creds.foreignDevice.token!, read)).status).toBe(403);
    expect((await postReads(primary.server.url, 'other-event', primary.token, read)).status).toBe(403);
    expect((await postReads(primary.server.url, 'test-event', creds.revoked.token!, read)).status).toBe(401);
    expect(primary.server.primary!.readLog.count('test-event')).toBe(before);
  });
});

describe('sockets', () => {
  it('spectator events need no identity, the whole race and the organizers\' namespace an organizer session', async () => {
    const anyone = await connectSocket(primary.server.url);
    expect(await anyone.emitWithAck('race:subscribe', { eventId: 'test-event', raceId: '10k' })).toEqual({ ok: false, error: WHOLE_RACE_REFUSED });
    expect((await anyone.emitWithAck('race:view', { eventId: 'test-event', raceId: '10k', offset: 0, limit: 200 })).ok).toBe(true);
    expect((await anyone.emitWithAck('runners:follow', { eventId: 'test-event', bibs: ['1'] })).ok).toBe(true);
    anyone.close();
    // An organizer's session takes the whole race for the events it may manage, and only those.
    const wholeRaceWith = async (cookie: string) => {
      const socket: TestSocket = connect(primary.server.url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie } });
      const res = await socket.emitWithAck('race:subscribe', { eventId: 'test-event', raceId: '10k' });
      socket.close();
      return res.ok;
    };
    expect(await wholeRaceWith(creds.admin.cookie!)).toBe(true);
    expect(await wholeRaceWith(creds.otherOrganizer.cookie!)).toBe(false);
    expect(await wholeRaceWith('sc_session=forged')).toBe(false);

    const refusedWith = async (extraHeaders: Record<string, string>) => {
      const socket = connect(`${primary.server.url}${ORGANIZER_NAMESPACE}`, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders });
      const err = await new Promise<Error | null>((r) => {
        socket.once('connect', () => r(null));
        socket.once('connect_error', r);
      });
      socket.close();
      return err?.message ?? 'connected';
    };
    expect(await refusedWith({})).toMatch(/log in/);
    expect(await refusedWith({ authorization: `Bearer ${primary.token}` })).toMatch(/log in/);
    expect(await refusedWith({ cookie: 'sc_session=forged' })).toMatch(/log in/);

    const other = await connectOrganizer(primary.server.url, creds.otherOrganizer.cookie);
    const denied = await other.emitWithAck('monitoring:subscribe', { eventId: 'test-event' });
    expect(denied).toMatchObject({ ok: false });
    other.close();
    const admin = await connectOrganizer(primary.server.url, creds.admin.cookie);
    expect((await admin.emitWithAck('monitoring:subscribe', { eventId: 'test-event' })).ok).toBe(true);
    admin.close();
  });
});

describe('private entrants', () => {
  it('never appear in any spectator answer or message, by name or by bib', async () => {
    const privateOne = primary.server.primary!.runtime.setup('test-event')!.entrants.find((e) => e.private)!;
    const name = privateOne.name!;
    const socket = await connectSocket(primary.server.url, { wholeRace: true });
    const seen: string[] = [];
    socket.onAny((event, ...args) => seen.push(JSON.stringify([event, args])));
    const snapshot = await socket.emitWithAck('race:subscribe', { eventId: 'test-event', raceId: privateOne.raceId });
    const followed = await socket.emitWithAck('runners:follow', { eventId: 'test-event', bibs: [privateOne.bib] });
    expect(followed).toEqual({ ok: true, data: [] });
    // The race's counters move; no row of theirs is sent.
    const raceUpdated = nextUpdate(socket, 'race:update', (u) => u.raceId === privateOne.raceId && u.counters.onCourse > 0);
    await postReads(primary.server.url, 'test-event', primary.token, { reads: [{ point: 'lap', chip: privateOne.chip, time: GUN }, { point: 'lap', chip: privateOne.chip, time: GUN + min(4) }] });
    await raceUpdated;
    socket.close();

    const answers: string[] = [JSON.stringify(snapshot), JSON.stringify(followed), ...seen];
    for (const path of [
      '/api/events',
      '/api/events/test-event',
      `/api/events/test-event/races/${privateOne.raceId}/leaderboard?limit=200`,
      `/api/events/test-event/runners/${privateOne.bib}`,
      `/api/events/test-event/search?q=${encodeURIComponent(name)}`,
      `/api/events/test-event/search?q=${encodeURIComponent(name.slice(0, 2))}`,
      `/api/events/test-event/search?q=${privateOne.bib}`,
      '/api/events/test-event/positions',
    ]) {
      const res = await fetch(`${primary.server.url}${path}`);
      expect(res.status, path).toBe(path.endsWith(`/runners/${privateOne.bib}`) ? 404 : 200);
      answers.push(await res.text());
    }
    for (const a of answers) {
      expect(a).not.toContain(name);
      expect(a).not.toContain(`"bib":"${privateOne.bib}"`);
    }
    // The organizers see the name.
    const organizerView = await call(primary.server.url, 'GET', `/api/organizer/events/test-event/runners/${privateOne.bib}`, { cookie: primary.cookie });
    expect(organizerView.text).toContain(name);
  });
});
