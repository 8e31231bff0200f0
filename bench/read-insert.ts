// The read log's insert alone, as the writer thread does it: a Boston-sized field's reads
// (26,000 bibs × 11 mats) in batches of 1,000 through ReadLog.append, four batches to a commit
// (each in a savepoint, as four requests in flight share one), on a real SQLite file with
// synchronous=FULL. Prints µs per read for the inserts and for the commits, then the cost of a
// batch posted again (every read a duplicate).
//   npx tsx bench/read-insert.ts [--bibs 26000] [--points 11]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../server/storage/database';
import { ReadLog, type NewRead } from '../server/storage/read-log';
import { matReads } from './support/mat-reads';
import { chunks } from './support/pool';
import { loadAverage, round } from './support/stats';
import type { Benchmark } from './support/types';

const EVENT_ID = 'boston-2017';
const BATCH = 1_000;
const PER_COMMIT = 4;
const REPOSTS = 20;

export interface ReadInsertFigures {
  reads: number;
  insertMicrosPerRead: number;
  insertCpuMicrosPerRead: number;
  commitMicrosPerRead: number;
  duplicateMicrosPerRead: number;
  fileMb: number;
}

export function readInsert(bibs: number, points: number): ReadInsertFigures {
  const reads = matReads(bibs, points);
  const dir = mkdtempSync(join(tmpdir(), 'splitcast-read-insert-'));
  // The writer thread's connection: the same page cache.
  const db = openDatabase(dir, { cacheMb: 16 });
  try {
    const log = new ReadLog(db);
    const batches = chunks(reads, BATCH);
    let insertMs = 0;
    let commitMs = 0;
    let stored = 0;
    let insertCpuMicros = 0;
    for (const group of chunks(batches, PER_COMMIT)) {
      const begun = performance.now();
      let inserted = 0;
      db.transaction(() => {
        const cpu = process.cpuUsage();
        for (const batch of group) stored += log.append(EVENT_ID, batch, Date.now()).filter((r) => r !== null).length;
        const used = process.cpuUsage(cpu);
        insertCpuMicros += used.user + used.system;
        inserted = performance.now();
      })();
      const done = performance.now();
      insertMs += inserted - begun;
      commitMs += done - inserted;
    }
    if (stored !== reads.length) throw new Error(`stored ${stored} of ${reads.length} reads`);
    const middle: NewRead[] = batches[Math.floor(batches.length / 2)];
    const duplicatesBegun = performance.now();
    for (let i = 0; i < REPOSTS; i++) {
      const again = db.transaction(() => log.append(EVENT_ID, middle, Date.now()))();
      if (again.some((r) => r !== null)) throw new Error('a re-posted read was stored again');
    }
    const duplicateMs = performance.now() - duplicatesBegun;
    const pages = db.pragma('page_count', { simple: true }) as number;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    return {
      reads: reads.length,
      insertMicrosPerRead: round((insertMs * 1000) / reads.length, 2),
      // The process's CPU while inserting: what the inserts take from the cores the event loop shares.
      insertCpuMicrosPerRead: round(insertCpuMicros / reads.length, 2),
      commitMicrosPerRead: round((commitMs * 1000) / reads.length, 2),
      duplicateMicrosPerRead: round((duplicateMs * 1000) / (REPOSTS * middle.length), 2),
      fileMb: round((pages * pageSize) / 2 ** 20),
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const readInsertBenchmark: Benchmark = {
  name: 'read-insert',
  async run({ quick, log }) {
    const figures = readInsert(quick ? 500 : 26_000, 11);
    log(`read-insert: ${figures.reads} reads, ${figures.insertMicrosPerRead} µs a read to insert, ${figures.commitMicrosPerRead} to commit`);
    return {
      figures: [
        { measure: 'insert, batches of 1,000', value: figures.insertMicrosPerRead, unit: 'µs/read' },
        { measure: 'commit, 4 batches a commit', value: figures.commitMicrosPerRead, unit: 'µs/read' },
        { measure: 'batch posted again (all duplicates)', value: figures.duplicateMicrosPerRead, unit: 'µs/read' },
      ],
      details: { ...figures },
    };
  },
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { bibs: { type: 'string', default: '26000' }, points: { type: 'string', default: '11' } } });
  const figures = readInsert(Number(values.bibs), Number(values.points));
  console.log(JSON.stringify(figures));
  console.log(`load average ${loadAverage()}`);
}
