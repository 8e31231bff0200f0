// A primary SIGKILLed mid-race comes back from its engine snapshot and the log: the same standings,
// projections and ranges as before the kill, without scoring every read again. Real data: a
// sample of Boston 2017 through the HTTP ingest of a server in its own process.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { parseResultsFile } from '../server/replay/results-file';
import { engineWorkload } from '../bench/support/engine-workload';
import { EngineSnapshots } from '../server/storage/engine-snapshots';
import { freePort, startChildServer, type ChildServer } from './support/child-server';
import { postReads, tempDataDir } from './support/servers';
import { waitFor } from './support/wait-for';
import { pagedBoard } from './support/paged-board';
import type { RaceCounters } from '../shared/views';

const DATA = path.resolve(__dirname, '../datasets/boston');
const TOKEN = 'snapshot-restart-device-token';
let server: ChildServer | null = null;
afterAll(async () => {
  await server?.kill();
});

describe('a primary restarted from its snapshot', () => {
  it('serves the standings it had before a SIGKILL, projections and ranges included', async () => {
    const { setup, reads } = engineWorkload(parseResultsFile(readFileSync(path.join(DATA, '2017.csv'), 'utf8')), { sample: 250 });
    const port = await freePort();
    const dataDir = tempDataDir();
    const start = () => startChildServer({ port, dataDir, event: setup, token: TOKEN, env: { SNAPSHOT_MS: '200', CHILD_LOG_LEVEL: 'info' } });
    server = await start();

    // Mid-race: about half the reads, so most runners are on course with a projection.
    const sent = reads.slice(0, Math.round(reads.length * 0.45));
    for (let i = 0; i < sent.length; i += 500) {
      const batch = sent.slice(i, i + 500).map((r) => ({ point: r.point, bib: r.bib, time: r.time }));
      const res = await postReads(server.url, setup.id, TOKEN, { reads: batch });
      expect(res.status).toBe(200);
    }
    const board = () => pagedBoard<{ bib: string; lastTime: number; projectedRange: unknown }>(server!.url, setup.id, 'marathon', 1000);
    // Published once the last read is: the whole race's update carries it.
    const last = sent[sent.length - 1];
    const before = await waitFor(board, (b) => b.entries.some((e: { bib: string; lastTime: number }) => e.bib === last.bib && e.lastTime === last.time), 'the last read published');
    expect(before.entries.filter((e: { projectedRange: unknown }) => e.projectedRange !== null).length).toBeGreaterThan(100);
    const file = path.join(dataDir, 'snapshots', `${setup.id}.snapshot`);
    // A snapshot that holds every read (the log's seqs run from 1 in a new database).
    const through = async () => (existsSync(file) ? (new EngineSnapshots(dataDir).load(setup.id)?.through ?? 0) : 0);
    await waitFor(through, (seq) => seq === sent.length, 'a snapshot of every read');

    await server.kill('SIGKILL');
    server = await start();
    expect(server.startup).toContain('"from":"snapshot"');
    // Everything but the update number, which a restarted primary starts again.
    expect({ ...(await board()), seq: null }).toEqual({ ...before, seq: null });

    // A log that no longer holds what the snapshot held (a backup of the database put back, say):
    // the snapshot is not used, the log is scored whole.
    await server.kill('SIGKILL');
    const db = new Database(path.join(dataDir, 'splitcast.db'));
    expect(db.prepare('DELETE FROM reads WHERE seq = 1').run().changes).toBe(1);
    db.close();
    server = await start();
    expect(server.startup).toContain('"from":"log"');
    const after = await board();
    expect(after.total).toBe(before.total);
    expect((after.counters as RaceCounters).started).toBe((before.counters as RaceCounters).started);
  }, 60_000);
});
