// What a standby copies from the leader's SQLite file, and how, on both sides. Append-only tables
// (the read log, the audit log) are copied by their row number, from where the copy stopped; the
// other tables are small and copied whole whenever their version (a hash of their rows, or of the
// events' update times) differs from the copy's. A copy resumes where it stopped after any break:
// its position is its own rows.
import { createHash } from 'node:crypto';
import type { Db } from '../storage/database';

/** Copied from the last row number the copy has. */
export const APPEND_ONLY = { reads: 'seq', audit_log: 'id' } as const;
export type AppendOnlyTable = keyof typeof APPEND_ONLY;

/** Copied whole when changed. `events` is versioned by its update times: its set-ups are large. */
export const WHOLE_TABLES = ['events', 'devices', 'timing_devices', 'gps_trackers', 'organizers', 'sessions', 'ignored_reads', 'flag_reviews', 'mat_contacts', 'alert_subscriptions', 'alert_marks', 'push_keys'] as const;
export type WholeTable = (typeof WHOLE_TABLES)[number];

/** At most this many rows of an append-only table per answer; the standby asks again at once for more. */
export const BATCH_ROWS = 5000;

type Row = Record<string, unknown>;

export interface ReplicationBatch {
  /** The leader's term: a copy made under another leader is thrown away and made again. */
  term: number;
  appended: Record<AppendOnlyTable, Row[]>;
  whole: Partial<Record<WholeTable, { version: string; rows: Row[] }>>;
  /** More rows are waiting beyond this batch. */
  more: boolean;
  /** The key of the leader's read numbered as the copy's last: a restarted standby checks its file against it. */
  lastKey: string | null;
  /** The leader's engine snapshots by version (server/cluster/snapshot-copies.ts). */
  snapshots?: Record<string, string>;
  /** The leading instance: the same one under a newer term took its lapsed lease again, and its copy goes on. */
  leader?: string;
}

export interface CopyPosition {
  after: Record<AppendOnlyTable, number>;
  versions: Partial<Record<WholeTable, string>>;
}

export function tableVersion(db: Db, table: WholeTable): string {
  const hash = createHash('sha1');
  const sql = table === 'events' ? 'SELECT id, updated_at FROM events ORDER BY id' : `SELECT * FROM ${table} ORDER BY rowid`;
  // WITHOUT ROWID tables are ordered by their key instead.
  const ordered = table === 'mat_contacts' ? 'SELECT * FROM mat_contacts ORDER BY event_id, point, device' : sql;
  for (const row of db.prepare(ordered).iterate()) hash.update(JSON.stringify(row));
  return hash.digest('base64url');
}

/** Where this copy stands: the last row of each append-only table, the version of each other. */
export function copyPosition(db: Db): CopyPosition {
  const after = {} as Record<AppendOnlyTable, number>;
  for (const [table, key] of Object.entries(APPEND_ONLY) as [AppendOnlyTable, string][]) {
    after[table] = (db.prepare(`SELECT coalesce(max(${key}), 0) AS n FROM ${table}`).get() as { n: number }).n;
  }
  const versions: CopyPosition['versions'] = {};
  for (const table of WHOLE_TABLES) versions[table] = tableVersion(db, table);
  return { after, versions };
}

/** On the leader: what a copy at `position` lacks. */
export function changesSince(db: Db, position: CopyPosition, term: number): ReplicationBatch {
  let more = false;
  const appended = {} as Record<AppendOnlyTable, Row[]>;
  for (const [table, key] of Object.entries(APPEND_ONLY) as [AppendOnlyTable, string][]) {
    const rows = db.prepare(`SELECT * FROM ${table} WHERE ${key} > ? ORDER BY ${key} LIMIT ?`).all(position.after[table] ?? 0, BATCH_ROWS + 1) as Row[];
    if (rows.length > BATCH_ROWS) {
      rows.pop();
      more = true;
    }
    appended[table] = rows;
  }
  const whole: ReplicationBatch['whole'] = {};
  for (const table of WHOLE_TABLES) {
    const version = tableVersion(db, table);
    if (position.versions[table] !== version) whole[table] = { version, rows: db.prepare(`SELECT * FROM ${table}`).all() as Row[] };
  }
  const at = position.after.reads ?? 0;
  return { term, appended, whole, more, lastKey: readKeyAt(db, at) };
}

/** The key of the read numbered `seq` (event and read key); null when there is none. */
export function readKeyAt(db: Db, seq: number): string | null {
  if (seq <= 0) return null;
  const row = db.prepare('SELECT event_id, read_key FROM reads WHERE seq = ?').get(seq) as { event_id: string; read_key: string } | undefined;
  return row ? `${row.event_id} ${row.read_key}` : null;
}

function insertRows(db: Db, table: string, rows: Row[], orIgnore: boolean): void {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  if (!columns.every((c) => /^[a-z_]+$/.test(c))) throw new Error(`unexpected column in ${table}`);
  const insert = db.prepare(`INSERT ${orIgnore ? 'OR IGNORE ' : ''}INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
  for (const row of rows) insert.run(row);
}

/** On the standby: one batch in one transaction (durable before the next is asked for). */
export function applyBatch(db: Db, batch: ReplicationBatch): void {
  db.transaction(() => {
    for (const table of Object.keys(APPEND_ONLY) as AppendOnlyTable[]) insertRows(db, table, batch.appended[table] ?? [], true);
    for (const table of WHOLE_TABLES) {
      const copy = batch.whole[table];
      if (!copy) continue;
      db.prepare(`DELETE FROM ${table}`).run();
      insertRows(db, table, copy.rows, false);
    }
  })();
}

/** Empties a copy made under another leader (it may hold what the new leader never had). */
export function clearCopy(db: Db): void {
  db.transaction(() => {
    for (const table of [...Object.keys(APPEND_ONLY), ...WHOLE_TABLES]) db.prepare(`DELETE FROM ${table}`).run();
    // AUTOINCREMENT counters too: the copy takes the leader's numbers.
    db.prepare(`DELETE FROM sqlite_sequence`).run();
  })();
}
