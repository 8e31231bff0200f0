// The read log's insert: per read of a batch its new seq, or null for a read already in the log,
// whether stored by an earlier batch or earlier in the same one (the first one wins). Checked
// against the rows in a real SQLite file, inside the savepoints the writer thread uses.
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../server/storage/database';
import { ReadLog, type NewRead } from '../server/storage/read-log';
import { tempDataDir } from './support/servers';

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function open(): { db: Db; log: ReadLog } {
  const dir = tempDataDir();
  dirs.push(dir);
  const db = openDatabase(dir);
  dbs.push(db);
  return { db, log: new ReadLog(db) };
}

const read = (id: string, time: number, device: string | null = 'mat-1'): NewRead => ({ key: `id:${device}:${id}`, point: '10k', chip: null, bib: id, time, device });

describe('read log insert', () => {
  it('answers each read with its new seq, duplicates of earlier batches and of the same batch with null', () => {
    const { db, log } = open();
    const first = db.transaction(() => log.append('ev', [read('1', 100), read('2', 200), read('3', 300)], 1_000))();
    expect(first.map((r) => r?.seq)).toEqual([1, 2, 3]);
    expect(first[1]).toEqual({ seq: 2, point: '10k', chip: null, bib: '2', time: 200, device: 'mat-1' });

    // Inside a savepoint, as the writer thread stores a request of a group.
    const second = db.transaction(() => db.transaction(() => log.append('ev', [read('2', 999), read('4', 400), read('4', 401), read('5', 500), read('1', 100)], 2_000))())();
    expect(second.map((r) => (r === null ? null : r.bib))).toEqual([null, '4', null, '5', null]);
    // The first of two reads with one key is the one stored.
    expect(second[1]?.time).toBe(400);
    // A skipped read may use up a number (SQLite draws the rowid first), never one given out.
    const [four, five] = [second[1]!.seq, second[3]!.seq];
    expect(four).toBeGreaterThan(3);
    expect(five).toBeGreaterThan(four);

    const rows = db.prepare("SELECT seq, read_key, time FROM reads WHERE event_id = 'ev' ORDER BY seq").all();
    expect(rows).toEqual([
      { seq: 1, read_key: 'id:mat-1:1', time: 100 },
      { seq: 2, read_key: 'id:mat-1:2', time: 200 },
      { seq: 3, read_key: 'id:mat-1:3', time: 300 },
      { seq: four, read_key: 'id:mat-1:4', time: 400 },
      { seq: five, read_key: 'id:mat-1:5', time: 500 },
    ]);
    // A batch of duplicates only stores nothing; the next read follows on.
    expect(db.transaction(() => log.append('ev', [read('3', 300), read('5', 500)], 3_000))()).toEqual([null, null]);
    const six = db.transaction(() => log.append('ev', [read('6', 600)], 3_000))()[0]!;
    expect(six.seq).toBeGreaterThan(five);
    expect(log.countThrough('ev', six.seq)).toBe(6);
  });

  it('keeps keys apart per event, and mat contacts from stored reads only', () => {
    const { db, log } = open();
    db.transaction(() => log.append('ev', [read('1', 100)], 1_000))();
    const other = db.transaction(() => log.append('other', [read('1', 100), read('1', 900)], 2_000))();
    expect(other.map((r) => r === null)).toEqual([false, true]);
    // The duplicate's later time is not a contact: it was not stored.
    expect(db.prepare("SELECT last_time, last_received_at FROM mat_contacts WHERE event_id = 'other'").all()).toEqual([{ last_time: 100, last_received_at: 2_000 }]);
    // Manual splits are stored but are no mat's contact.
    db.transaction(() => log.append('ev', [read('m', 700, 'manual:org')], 3_000))();
    expect(db.prepare("SELECT device, last_time FROM mat_contacts WHERE event_id = 'ev'").all()).toEqual([{ device: 'mat-1', last_time: 100 }]);
  });
});
