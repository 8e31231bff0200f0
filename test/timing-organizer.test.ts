// The organizer's side of timing set-up: session-only, audited, for any device of the event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUN, min } from './fixtures';
import { call, startWithOrganizer } from './organizer-helpers';
import { postReads, type TestPrimary } from './support/servers';

const BASE = '/api/organizer/events/test-event/timing';
let p: TestPrimary & { cookie: string };
let deviceId: string;

beforeAll(async () => {
  p = await startWithOrganizer();
  deviceId = p.server.primary!.devices.list('test-event')[0].id;
});
afterAll(async () => {
  await p?.server.close();
});

describe('organizer timing routes', () => {
  it('sets a device clock offset that re-times its reads, and audits it', async () => {
    await postReads(p.server.url, 'test-event', p.token, { reads: [{ point: 'finish', chip: 'C3', time: GUN + min(44) - 1_500, readId: 'o1' }] });
    const res = await call(p.server.url, 'PUT', `${BASE}/devices/${deviceId}`, { cookie: p.cookie, body: { clockOffsetMs: 1_500, locations: { FIN: 'finish' } } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ clockOffsetMs: 1_500, locations: { FIN: 'finish' } });
    expect(p.server.primary!.runtime.runner('test-event', '3')!.gunTime).toBe(min(44));
    const audit = await call(p.server.url, 'GET', `/api/organizer/events/test-event/audit?limit=50`, { cookie: p.cookie });
    expect(JSON.stringify(audit.body)).toContain('timing.device');
    const listed = await call(p.server.url, 'GET', `${BASE}/devices`, { cookie: p.cookie });
    expect(listed.body.devices[0]).toMatchObject({ id: deviceId, clockOffsetMs: 1_500 });
  });

  it('backfills CSV under its own device, and refuses other content types', async () => {
    const csv = `bib,point,time\n2,finish,${GUN + min(43)}\n`;
    const res = await fetch(`${p.server.url}${BASE}/backfill`, { method: 'POST', headers: { cookie: p.cookie, 'content-type': 'text/csv' }, body: csv });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ accepted: 1, runners: [expect.objectContaining({ bib: '2', splitsAfter: 1 })] });
    expect(p.server.primary!.devices.list('test-event').map((d) => d.name)).toContain('organizer backfill');
    const plain = await fetch(`${p.server.url}${BASE}/backfill`, { method: 'POST', headers: { cookie: p.cookie, 'content-type': 'text/plain' }, body: csv });
    expect(plain.status).toBe(415);
  });

  it.each([
    ['PUT', `/devices/DEVICE`, { clockOffsetMs: 1 }],
    ['PUT', '/trackers/phone-1', { bib: '1' }],
    ['GET', '/devices', undefined],
  ])('%s %s needs a session', async (method, path, body) => {
    const res = await call(p.server.url, method, `${BASE}${path.replace('DEVICE', deviceId)}`, { body, token: p.token });
    expect(res.status).toBe(401);
  });

  it('says which device or bib is unknown', async () => {
    expect((await call(p.server.url, 'PUT', `${BASE}/devices/nope`, { cookie: p.cookie, body: { clockOffsetMs: 1 } })).status).toBe(404);
    const tracker = await call(p.server.url, 'PUT', `${BASE}/trackers/phone-1`, { cookie: p.cookie, body: { bib: '999' } });
    expect(tracker).toMatchObject({ status: 400, body: { error: 'bib: no entrant with bib 999' } });
  });
});
