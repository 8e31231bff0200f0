// Ingest over real HTTP into a real SQLite file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUN, min } from './fixtures';
import { postReads, startPrimary, type TestPrimary } from './support/servers';

let p: TestPrimary;
beforeAll(async () => {
  p = await startPrimary();
});
afterAll(async () => {
  await p.server.close();
});

const goodBatch = {
  reads: [
    { point: 'start', chip: 'C1', time: GUN + 10_000, readId: 'r1' },
    { point: '5k', chip: 'C1', time: new Date(GUN + min(20)).toISOString(), readId: 'r2' },
    { point: '5k', bib: '2', time: GUN + min(19) },
  ],
};

describe('POST /api/events/:eventId/reads', () => {
  it('stores a batch and answers with counts', async () => {
    const res = await postReads(p.server.url, 'test-event', p.token, goodBatch);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 3, duplicates: 0, rejected: [], unmatched: 0 });
    expect(p.server.primary!.readLog.count('test-event')).toBe(3);
  });

  it('accepts nothing when the same batch is posted again', async () => {
    const res = await postReads(p.server.url, 'test-event', p.token, goodBatch);
    expect(await res.json()).toEqual({ accepted: 0, duplicates: 3, rejected: [], unmatched: 0 });
    expect(p.server.primary!.readLog.count('test-event')).toBe(3);
  });

  it.each([
    ['no token', null, 401],
    ['a wrong token', 'sct_not-a-real-token', 401],
  ])('refuses %s with %i and stores nothing', async (_name, token, status) => {
    const before = p.server.primary!.readLog.count('test-event');
    const res = await postReads(p.server.url, 'test-event', token, { reads: [{ point: '5k', chip: 'C3', time: GUN + min(22) }] });
    expect(res.status).toBe(status);
    expect((await res.json()).error).toMatch(/token/);
    expect(p.server.primary!.readLog.count('test-event')).toBe(before);
  });

  it('refuses a token of another event with 403', async () => {
    const other = p.server.primary!.devices.create('other-event', 'elsewhere', Date.now());
    const res = await postReads(p.server.url, 'test-event', other.token, { reads: [{ point: '5k', chip: 'C3', time: GUN }] });
    expect(res.status).toBe(403);
    // Its own event is not set up here: a clear 404, not a server error.
    const own = await postReads(p.server.url, 'other-event', other.token, { reads: [{ point: '5k', chip: 'C3', time: GUN }] });
    expect(own.status).toBe(404);
    expect((await own.json()).error).toMatch(/no event "other-event"/);
  });

  it('refuses a revoked token at once', async () => {
    const { device, token } = p.server.primary!.devices.create('test-event', 'stolen mat', Date.now());
    expect((await postReads(p.server.url, 'test-event', token, { reads: [{ point: '5k', chip: 'C3', time: GUN + min(23), readId: 'x' }] })).status).toBe(200);
    p.server.primary!.devices.revoke(device.id, Date.now());
    expect((await postReads(p.server.url, 'test-event', token, { reads: [{ point: '5k', chip: 'C3', time: GUN + min(24) }] })).status).toBe(401);
  });

  it.each([
    ['not JSON', '{"reads": [', 400, /not valid JSON/],
    ['no reads array', { read: [] }, 400, /reads/],
    ['an empty batch', { reads: [] }, 400, /at least one read/],
    ['too many reads', { reads: Array.from({ length: 10_001 }, () => ({})) }, 400, /at most 10000/],
  ])('answers a body that is %s with %i and a message', async (_name, body, status, message) => {
    const res = await postReads(p.server.url, 'test-event', p.token, body);
    expect(res.status).toBe(status);
    expect((await res.json()).error).toMatch(message);
  });

  it('rejects bad reads one by one with their index, and stores the good ones', async () => {
    const res = await postReads(p.server.url, 'test-event', p.token, {
      reads: [
        { point: 'nowhere', chip: 'C3', time: GUN },
        { point: '5k', time: GUN },
        { point: '5k', chip: 'C3', bib: '3', time: GUN },
        { point: '5k', chip: 'C3', time: 'yesterday' },
        { point: '5k', chip: 'C3', time: -5 },
        { point: 'finish', chip: 'C3', time: GUN + min(45), readId: 'good' },
        { point: '5k', chip: 'C3', time: GUN, extra: true },
      ],
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.accepted).toBe(1);
    expect(body.rejected.map((r: { index: number }) => r.index)).toEqual([0, 1, 2, 3, 4, 6]);
    expect(body.rejected[0].message).toMatch(/unknown timing point "nowhere"/);
    expect(body.rejected[1].message).toMatch(/exactly one of "chip" or "bib"/);
    expect(body.rejected[3].message).toMatch(/time/);
    expect(body.rejected[5].message).toMatch(/extra/);
  });

  it('keeps reads of unknown chips as unmatched', async () => {
    const res = await postReads(p.server.url, 'test-event', p.token, { reads: [{ point: '5k', chip: 'NOBODY', time: GUN + min(30) }] });
    expect(await res.json()).toMatchObject({ accepted: 1, unmatched: 1 });
  });

  it('takes 5,000 reads in one request', async () => {
    const reads = Array.from({ length: 5000 }, (_, i) => ({ point: '5k', chip: `BULK${i}`, time: GUN + i }));
    const res = await postReads(p.server.url, 'test-event', p.token, { reads });
    expect(await res.json()).toMatchObject({ accepted: 5000, duplicates: 0 });
  });

  it('serves the leaderboard with filters', async () => {
    p.server.primary!.runtime.publishNow();
    const res = await fetch(`${p.server.url}/api/events/test-event/races/10k/leaderboard?gender=F&limit=2`);
    const body = await res.json();
    expect(body.entries.map((e: { bib: string }) => e.bib)).toEqual(['3', '1']);
    expect(body.total).toBe(3);
    const bad = await fetch(`${p.server.url}/api/events/test-event/races/10k/leaderboard?gender=Q`);
    expect(bad.status).toBe(400);
    expect((await fetch(`${p.server.url}/api/events/test-event/races/nope/leaderboard`)).status).toBe(404);
  });
});

describe('restart with the same data directory', () => {
  it('rebuilds the same standings from the durable log', async () => {
    const first = await startPrimary();
    await postReads(first.server.url, 'test-event', first.token, goodBatch);
    await postReads(first.server.url, 'test-event', first.token, { reads: [{ point: 'finish', chip: 'C1', time: GUN + min(41) }] });
    first.server.primary!.runtime.publishNow();
    const before = await (await fetch(`${first.server.url}/api/events/test-event/races/10k/leaderboard`)).json();
    await first.server.close();

    const second = await startPrimary({ dataDir: first.dataDir });
    const after = await (await fetch(`${second.server.url}/api/events/test-event/races/10k/leaderboard`)).json();
    expect(after.entries).toEqual(before.entries);
    expect(after.entries[0]).toMatchObject({ bib: '1', status: 'finished' });
    // The device token survives too, and a re-post is still a duplicate.
    const again = await postReads(second.server.url, 'test-event', first.token, goodBatch);
    expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 3 });
    await second.server.close();
  });
});
