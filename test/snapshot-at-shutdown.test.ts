// A primary that stops cleanly writes a snapshot of every event that changed since its last, so
// its restart scores only what came after (the snapshot is written from the log, before the
// database is closed).
import { afterAll, describe, expect, it } from 'vitest';
import { EngineSnapshots } from '../server/storage/engine-snapshots';
import { GUN } from './fixtures';
import { postReads, startPrimary } from './support/servers';

describe('a clean shutdown', () => {
  const started = startPrimary({ config: { SNAPSHOT_MS: 600_000, COALESCE_MS: 5_000 } });
  afterAll(async () => {
    await (await started).server.close().catch(() => {});
  });

  it('writes a snapshot that holds every read', async () => {
    const { server, token, dataDir } = await started;
    const reads = Array.from({ length: 5 }, (_, i) => ({ point: 'start', chip: `C${i + 1}`, time: GUN + i }));
    expect((await postReads(server.url, 'test-event', token, { reads })).status).toBe(200);
    // No snapshot yet: the reads are within the coalescing window, long before the steady cadence.
    expect(new EngineSnapshots(dataDir).load('test-event')).toBeNull();
    await server.close();
    // A fresh log: the five reads are seqs 1 to 5.
    expect(new EngineSnapshots(dataDir).load('test-event')?.through).toBe(5);
  });
});
