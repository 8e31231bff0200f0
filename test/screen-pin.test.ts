// The announcer's pin at the edge and across instances: only an organizer of the event may pin,
// the body is checked, a private entrant is refused, and a pin reaches a screen on a replica.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSplitcast, type Splitcast } from '../server/app';
import { configWith } from '../server/config';
import type { ScreenPinNotice } from '../shared/screen-pin';
import { ADMIN, call, logIn } from './organizer-helpers';
import { connectSocket, nextUpdate, REDIS_URL, startPrimary, type TestPrimary, type TestSocket } from './support/servers';

const cluster = { REDIS_URL, REDIS_PREFIX: `test-${randomUUID()}`, CLUSTER_TOKEN: randomUUID() };
const PIN = '/api/organizer/events/test-event/screen-pin';
let primary: TestPrimary;
let replica: Splitcast;
let cookie: string;
let onReplica: TestSocket;

beforeAll(async () => {
  primary = await startPrimary({ config: { ...cluster, ORGANIZER_EMAIL: ADMIN.email, ORGANIZER_PASSWORD: ADMIN.password } });
  replica = await createSplitcast(configWith({ ...cluster, ROLE: 'replica', PRIMARY_URL: primary.server.url, PORT: 0, HOST: '127.0.0.1' }));
  cookie = await logIn(primary.server.url, ADMIN.email, ADMIN.password);
  onReplica = await connectSocket(replica.url);
});
afterAll(async () => {
  onReplica?.close();
  await replica?.close();
  await primary?.server.close();
});

describe('pinning a runner to the stadium screen', () => {
  it('refuses anyone without an organizer session, and on a replica there is no pin route', async () => {
    expect((await call(primary.server.url, 'POST', PIN, { body: { bib: '1' } })).status).toBe(401);
    expect((await call(replica.url, 'POST', PIN, { body: { bib: '1' }, cookie })).status).toBe(404);
  });

  it('checks the body, the bib, and never pins a private entrant', async () => {
    const url = primary.server.url;
    expect((await call(url, 'POST', PIN, { cookie, body: { bib: '1', seconds: 1 } })).status).toBe(400);
    expect((await call(url, 'POST', PIN, { cookie, body: { bib: '1', extra: true } })).status).toBe(400);
    expect((await call(url, 'POST', PIN, { cookie, body: { bib: '1' }, contentType: 'text/plain' })).status).toBe(415);
    expect((await call(url, 'POST', PIN, { cookie, body: { bib: '99' } })).status).toBe(404);
    const refused = await call(url, 'POST', PIN, { cookie, body: { bib: '5' } });
    expect(refused.status).toBe(422);
    expect(refused.text).not.toContain('Eli');
  });

  it('reaches a screen on the replica at once, and a screen that comes later gets it too', async () => {
    const watched = await onReplica.emitWithAck('screen:watch', { eventId: 'test-event' });
    expect(watched).toEqual({ ok: true, data: { eventId: 'test-event', pin: null, remainingMs: 0 } });
    const arrived = nextUpdate(onReplica, 'screen:pin', (n) => n.pin !== null);
    const res = await call(primary.server.url, 'POST', PIN, { cookie, body: { bib: '2', seconds: 20 } });
    expect(res.status).toBe(201);
    const [notice] = (await arrived) as [ScreenPinNotice];
    expect(notice.pin).toMatchObject({ eventId: 'test-event', raceId: '10k', runner: { bib: '2', name: 'Ben' } });
    expect(notice.remainingMs).toBeGreaterThan(18_000);
    const late = await connectSocket(primary.server.url);
    const now = await late.emitWithAck('screen:watch', { eventId: 'test-event' });
    expect(now.ok && now.data.pin?.runner.bib).toBe('2');
    late.close();
    // Taken down by the announcer: the replica's screens hear it.
    const gone = nextUpdate(onReplica, 'screen:pin', (n) => n.pin === null);
    expect((await call(primary.server.url, 'DELETE', PIN, { cookie })).status).toBe(200);
    await gone;
  });

  it('a malformed watch is answered with an error, not a crash', async () => {
    const res = await onReplica.emitWithAck('screen:watch', { eventId: '../x' } as never);
    expect(res.ok).toBe(false);
    expect((await onReplica.emitWithAck('screen:watch', { eventId: 'nope' })).ok).toBe(false);
  });
});
