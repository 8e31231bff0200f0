// Every change made with a device token is in the audit log, written with the change; the audit
// page's filters by action, runner and time; privacy switched per runner, audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../shared/organizer';
import { GUN, min } from './fixtures';
import { call, startWithOrganizer } from './organizer-helpers';
import type { TestPrimary } from './support/servers';

const EV = '/api/organizer/events/test-event';
let primary: TestPrimary & { cookie: string };
let url: string;
const api = (method: string, path: string, body?: unknown) => call(url, method, path, { cookie: primary.cookie, body });
const device = (method: string, path: string, body?: unknown, contentType?: string) =>
  fetch(`${url}/api/events/test-event/timing/${path}`, {
    method,
    headers: { authorization: `Bearer ${primary.token}`, 'content-type': contentType ?? 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const audit = async (query = ''): Promise<AuditEntry[]> => {
  const res = await api('GET', `${EV}/audit?${query}`);
  expect(res.status, res.text).toBe(200);
  return res.body.entries;
};

beforeAll(async () => {
  primary = await startWithOrganizer();
  url = primary.server.url;
});
afterAll(() => primary.server.close());

describe('audit of device-token changes', () => {
  it('a clock offset set with a device token is audited with the device as the actor', async () => {
    const res = await device('PUT', 'device', { clockOffsetMs: 1500 });
    expect(res.status).toBe(200);
    const [entry] = await audit('action=timing.device');
    expect(entry).toMatchObject({ actor: 'device:test mat', organizerId: null, action: 'timing.device', target: 'test mat', before: { clockOffsetMs: 0 }, after: { clockOffsetMs: 1500 } });
  });

  it('a refused change writes no audit entry', async () => {
    const before = await audit();
    expect((await device('PUT', 'device', { locations: { X: 'nowhere' } })).status).toBe(400);
    expect(await audit()).toEqual(before);
  });

  it('a backfill and a tracker registration are audited, and found by the runner they concern', async () => {
    const csv = `chip,bib,point,time\nC1,,5k,${GUN + min(20)}\n`;
    const backfill = await device('POST', 'backfill', csv, 'text/csv');
    expect(backfill.status).toBe(200);
    expect((await device('PUT', 'trackers/phone-2', { bib: '2' })).status).toBe(200);

    const timing = await audit('action=timing.');
    expect(timing.map((e) => e.action)).toEqual(['timing.tracker', 'timing.backfill', 'timing.device']);
    expect(timing[1]).toMatchObject({ actor: 'device:test mat', after: { rows: 1, accepted: 1, bibs: ['1'] } });
    expect((await audit('runner=1')).map((e) => e.action)).toEqual(['timing.backfill']);
    expect((await audit('runner=2')).map((e) => e.action)).toEqual(['timing.tracker']);
  });

  it('filters by time, and refuses a filter it cannot read', async () => {
    const all = await audit();
    const newest = all[0].at;
    expect((await audit(`from=${newest + 1}`))).toEqual([]);
    expect((await audit(`to=${new Date(newest).toISOString()}`)).length).toBe(all.length);
    expect((await api('GET', `${EV}/audit?from=yesterday`)).status).toBe(400);
  });
});

describe('privacy per runner', () => {
  it('is switched in the console with a reason, and audited', async () => {
    const res = await api('POST', `${EV}/runners/1/privacy`, { private: true, reason: 'asked at the expo' });
    expect(res.status, res.text).toBe(200);
    expect(res.body.entrant).toMatchObject({ bib: '1', private: true });
    expect((await api('POST', `${EV}/runners/1/privacy`, { private: false })).status).toBe(400);
    const [entry] = await audit('runner=1&action=runner.privacy');
    expect(entry).toMatchObject({ action: 'runner.privacy', target: '1', reason: 'asked at the expo', before: { private: false }, after: { private: true } });
  });
});
