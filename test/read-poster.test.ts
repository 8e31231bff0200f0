// The one read poster (server/ingest/read-poster.ts) against a real server: answers read, refusals
// that would not pass thrown at once, failures that may pass tried again as often as asked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postReads, ReadPostError } from '../server/ingest/read-poster';
import { freeLoopbackPort } from '../server/cluster/free-port';
import { GUN } from './fixtures';
import { startPrimary, type TestPrimary } from './support/servers';

let p: TestPrimary;

beforeAll(async () => {
  p = await startPrimary();
});

afterAll(async () => {
  await p.server.close();
});

describe('the read poster', () => {
  it('reads the answer: accepted, duplicates on a second send, and a batch refused whole (422)', async () => {
    const target = { url: p.server.url, eventId: 'test-event', token: p.token };
    const reads = [{ point: 'start', chip: 'C1', time: GUN + 1_000, readId: 'poster-1' }];
    expect(await postReads(target, reads)).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect(await postReads(target, reads)).toMatchObject({ accepted: 0, duplicates: 1 });
    const refused = await postReads(target, [{ point: 'no-such-mat', chip: 'C1', time: GUN + 2_000 }]);
    expect(refused.accepted).toBe(0);
    expect(refused.rejected).toHaveLength(1);
  });

  it('throws a refusal that would not pass at once, without trying again', async () => {
    const retried: ReadPostError[] = [];
    const post = postReads({ url: p.server.url, eventId: 'test-event', token: 'not-a-token' }, [{ point: 'start', chip: 'C2', time: GUN }], { attempts: 5, onRetry: (f) => retried.push(f) });
    await expect(post).rejects.toMatchObject({ status: 401, passing: false });
    expect(retried).toEqual([]);
  });

  it('tries a server that does not answer again, as often as asked, then gives up saying so', async () => {
    const port = await freeLoopbackPort();
    const retried: ReadPostError[] = [];
    const post = postReads({ url: `http://127.0.0.1:${port}`, eventId: 'test-event', token: p.token }, [], { attempts: 3, pauseMs: () => 10, onRetry: (f) => retried.push(f) });
    await expect(post).rejects.toThrow(/^giving up after 3 attempts: ingest unreachable/);
    expect(retried.map((f) => f.status)).toEqual([null, null]);
  });
});
