// The read log's writer thread: requests in flight together share a commit, and none is answered
// before the commit holding its reads is done (another connection sees them; synchronous=FULL
// means that commit was fsynced). Real SQLite files, a real worker thread.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../server/storage/database';
import { DeviceTokens } from '../server/storage/device-tokens';
import { ReadWriter } from '../server/storage/read-writer';
import type { NewRead } from '../server/storage/read-log';
import { tempDataDir } from './support/servers';

const writers: ReadWriter[] = [];
afterEach(async () => {
  await Promise.all(writers.splice(0).map((w) => w.close()));
});

function setUp() {
  const dataDir = tempDataDir();
  const db = openDatabase(dataDir);
  const { device } = new DeviceTokens(db).create('ev', 'mat', 1);
  db.close();
  const writer = new ReadWriter(dataDir);
  writers.push(writer);
  // A second connection, as after a restart: it sees only what was committed.
  const reader = new Database(join(dataDir, 'splitcast.db'), { readonly: true });
  const storedKeys = () => new Set((reader.prepare("SELECT read_key FROM reads WHERE event_id = 'ev'").pluck().all() as string[]));
  return { writer, device, storedKeys, close: () => reader.close() };
}

const readsOf = (request: number, device: string): NewRead[] =>
  Array.from({ length: 50 }, (_, i) => ({ key: `id:${device}:${request}.${i}`, point: 'start', chip: null, bib: String(i), time: 1_000 + i, device }));

describe('read log writer', () => {
  it('answers each request only once its reads are committed, in shared commits, duplicates as null', async () => {
    const { writer, device, storedKeys, close } = setUp();
    const requests = Array.from({ length: 40 }, (_, r) => readsOf(r, device.id));
    const seen: boolean[] = [];
    await Promise.all(
      requests.map(async (reads) => {
        const seqs = await writer.append('ev', device.id, reads, 5_000);
        expect(seqs.every((s) => typeof s === 'number')).toBe(true);
        // Checked the moment the answer arrives: every read of it is already in the file.
        const keys = storedKeys();
        seen.push(reads.every((r) => keys.has(r.key)));
      }),
    );
    expect(seen).toEqual(requests.map(() => true));
    expect(storedKeys().size).toBe(40 * 50);
    // Sent together, they were stored in fewer commits than requests.
    expect(writer.commits).toBeGreaterThan(0);
    expect(writer.commits).toBeLessThan(40);
    // The same reads again (a device re-sending): stored once, answered as duplicates.
    const again = await writer.append('ev', device.id, [...readsOf(3, device.id), { ...readsOf(99, device.id)[0] }], 6_000);
    expect(again.slice(0, 50)).toEqual(Array(50).fill(null));
    expect(typeof again[50]).toBe('number');
    close();
  });

  it('refuses new work after it is closed, having committed what was queued', async () => {
    const { writer, device, storedKeys, close } = setUp();
    const pending = writer.append('ev', device.id, readsOf(1, device.id), 5_000);
    await writer.close();
    await expect(pending).resolves.toHaveLength(50);
    expect(storedKeys().size).toBe(50);
    await expect(writer.append('ev', device.id, readsOf(2, device.id), 5_000)).rejects.toThrow(/stopped/);
    close();
  });
});
