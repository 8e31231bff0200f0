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
  // Organizers, their sessions, the audit log of manual changes, corrected reads and reviews.
  `CREATE TABLE organizers (
     id TEXT PRIMARY KEY,
     email TEXT NOT NULL UNIQUE COLLATE NOCASE,
     password_hash TEXT NOT NULL,
     role TEXT NOT NULL,
     event_ids TEXT,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE sessions (
     token_hash TEXT PRIMARY KEY,
     organizer_id TEXT NOT NULL REFERENCES organizers (id) ON DELETE CASCADE,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL
   );
   CREATE TABLE audit_log (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     event_id TEXT,
     organizer_id TEXT,
     actor TEXT NOT NULL,
     at INTEGER NOT NULL,
     action TEXT NOT NULL,
     target TEXT,
     reason TEXT,
     before TEXT,
     after TEXT
   );
   CREATE INDEX audit_log_by_event ON audit_log (event_id, id);
   CREATE TABLE ignored_reads (
     event_id TEXT NOT NULL,
     read_seq INTEGER NOT NULL,
     organizer_id TEXT NOT NULL,
     reason TEXT NOT NULL,
     at INTEGER NOT NULL,
     PRIMARY KEY (event_id, read_seq)
   );
   CREATE TABLE flag_reviews (
     event_id TEXT NOT NULL,
     bib TEXT NOT NULL,
     flags TEXT NOT NULL,
     organizer_id TEXT NOT NULL,
     at INTEGER NOT NULL,
     PRIMARY KEY (event_id, bib)
   );
   CREATE INDEX reads_by_point_received ON reads (event_id, point, received_at);
   CREATE INDEX reads_by_bib ON reads (event_id, bib);
   CREATE INDEX reads_by_chip ON reads (event_id, chip);`,
  // A Race Result decoder Splitcast connects to itself (host and port), per timing device.
  `ALTER TABLE timing_devices ADD COLUMN connect TEXT;`,
  // Last contact per mat and device, kept by a trigger as reads are stored, so monitoring reads a
  // few rows instead of scanning the log.
  `CREATE TABLE mat_contacts (
     event_id TEXT NOT NULL,
     point TEXT NOT NULL,
     device TEXT NOT NULL,
     last_received_at INTEGER NOT NULL,
     last_time INTEGER NOT NULL,
     PRIMARY KEY (event_id, point, device)
   ) WITHOUT ROWID;
   INSERT INTO mat_contacts (event_id, point, device, last_received_at, last_time)
     SELECT event_id, point, device, max(received_at), max(time) FROM reads
     WHERE device IS NOT NULL AND device NOT LIKE 'manual:%' GROUP BY event_id, point, device;
   CREATE TRIGGER reads_mat_contact AFTER INSERT ON reads
     WHEN NEW.device IS NOT NULL AND NEW.device NOT LIKE 'manual:%'
   BEGIN
     INSERT INTO mat_contacts (event_id, point, device, last_received_at, last_time)
     VALUES (NEW.event_id, NEW.point, NEW.device, NEW.received_at, NEW.time)
     ON CONFLICT (event_id, point, device) DO UPDATE SET
       last_received_at = max(last_received_at, excluded.last_received_at),
       last_time = max(last_time, excluded.last_time);
   END;`,
  // Mat contacts are now kept by the read log once per batch and mat, not once per read.
  `DROP TRIGGER IF EXISTS reads_mat_contact;`,
  // A runner's reads are found through the engine (log numbers), so the log needs no index by bib
  // or chip: two random-order index inserts fewer per read.
  `DROP INDEX IF EXISTS reads_by_bib;
   DROP INDEX IF EXISTS reads_by_chip;`,
  // A tracker proves itself with a key given at registration; only its hash is kept.
  `ALTER TABLE gps_trackers ADD COLUMN key_hash TEXT;`,
  `ALTER TABLE timing_devices ADD COLUMN backup INTEGER NOT NULL DEFAULT 0;`,
  // What an audited change needs to be undone (the entrant list or gun time it replaced), and the
  // entry that undid it.
  `ALTER TABLE audit_log ADD COLUMN undo TEXT;
   ALTER TABLE audit_log ADD COLUMN undone_by INTEGER;`,
  // Spectators' alert subscriptions (Web Push): one per browser and event, for up to ten bibs.
  `CREATE TABLE alert_subscriptions (
     id TEXT PRIMARY KEY,
     event_id TEXT NOT NULL,
     endpoint TEXT NOT NULL,
     p256dh TEXT NOT NULL,
     auth TEXT NOT NULL,
     lang TEXT NOT NULL,
     bibs TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     UNIQUE (event_id, endpoint)
   );`,
  // The VAPID key pair alerts are signed with, in the database so a standby's copy has it too.
  `CREATE TABLE push_keys (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     public_key TEXT NOT NULL,
     private_key TEXT NOT NULL
   );`,
  // A spectator's spot on the course, kept with the subscription; and the alerts told once per
  // runner (the finish estimate) or per subscription and spot, so a restart does not tell them again.
  `ALTER TABLE alert_subscriptions ADD COLUMN spot TEXT;
   CREATE TABLE alert_marks (
     event_id TEXT NOT NULL,
     bib TEXT NOT NULL,
     mark TEXT NOT NULL,
     UNIQUE (event_id, bib, mark)
   );`,
];

export function openDatabase(dataDir: string, options: { synchronous?: 'FULL' | 'NORMAL'; cacheMb?: number } = {}): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'splitcast.db'));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  db.pragma('busy_timeout = 5000');
  // The read-key index grows with the race and takes inserts in random order: a 64 MB page cache
  // (default 2 MB) keeps its pages in memory (about 1.5× the durable inserts per second at 200k reads).
  // The connection that stores reads (the writer thread) keeps it; the main connection only reads
  // the log (once, in order, at start) and writes little, and passes a smaller one.
  db.pragma(`cache_size = -${(options.cacheMb ?? 64) * 1024}`);
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
