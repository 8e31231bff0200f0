// The durable store: one SQLite file in WAL mode. Reads are fsynced (synchronous=FULL) before a
// request is answered, so an acknowledged read survives a crash or a power cut.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type Db = Database.Database;

const MIGRATIONS = [
  `CREATE TABLE events (
     id TEXT PRIMARY KEY,
     setup TEXT NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE TABLE reads (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     event_id TEXT NOT NULL,
     read_key TEXT NOT NULL,
     point TEXT NOT NULL,
     chip TEXT,
     bib TEXT,
     time INTEGER NOT NULL,
     device TEXT,
     received_at INTEGER NOT NULL,
     UNIQUE (event_id, read_key)
   );
   CREATE TABLE devices (
     id TEXT PRIMARY KEY,
     event_id TEXT NOT NULL,
     name TEXT NOT NULL,
     token_hash TEXT NOT NULL UNIQUE,
     created_at INTEGER NOT NULL,
     revoked_at INTEGER,
     last_seen_at INTEGER
   );`,
  // Timing equipment: a device's locations mapped to timing points, its clock offset; GPS trackers.
  `CREATE TABLE timing_devices (
     device_id TEXT PRIMARY KEY,
     event_id TEXT NOT NULL,
     locations TEXT NOT NULL DEFAULT '{}',
     clock_offset_ms INTEGER NOT NULL DEFAULT 0,
     updated_at INTEGER NOT NULL
   );
   CREATE TABLE gps_trackers (
     event_id TEXT NOT NULL,
     tracker_id TEXT NOT NULL,
     bib TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     PRIMARY KEY (event_id, tracker_id)
   );`,
];

export function openDatabase(dataDir: string, options: { synchronous?: 'FULL' | 'NORMAL' } = {}): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'splitcast.db'));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
