// The leader's engine snapshots, copied to its standby, so a takeover stands its engines up from a
// snapshot and the log after it (as a restarted leader does) instead of scoring the whole log. A
// snapshot is only a shortcut: one that does not match the copy's log (the restore counts the
// reads it holds against the log) is ignored and the log is scored, so a copy that is a little
// behind or ahead costs time, never correctness. A major's snapshots are large: each event's is
// copied at most every COPY_EVERY_MS, so the log after it stays short without copying one every
// few seconds.
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const SUFFIX = '.snapshot';
/** Each event's snapshot is copied at most this often (its first at once). */
export const COPY_EVERY_MS = 30_000;

const dirOf = (dataDir: string) => join(dataDir, 'snapshots');

/** The file of an event's snapshot, as EngineSnapshots names it. */
export function snapshotFile(dataDir: string, eventId: string): string {
  return join(dirOf(dataDir), `${encodeURIComponent(eventId)}${SUFFIX}`);
}

/** Each event's snapshot on this instance, by a version that changes whenever it is written again. */
export function snapshotVersions(dataDir: string): Record<string, string> {
  const versions: Record<string, string> = {};
  let names: string[];
  try {
    names = readdirSync(dirOf(dataDir));
  } catch {
    return versions;
  }
  for (const name of names) {
    if (!name.endsWith(SUFFIX)) continue;
    try {
      const stat = statSync(join(dirOf(dataDir), name));
      versions[decodeURIComponent(name.slice(0, -SUFFIX.length))] = `${stat.size}-${Math.round(stat.mtimeMs)}`;
    } catch {
      // Replaced while listed: its next version is seen at the next answer.
    }
  }
  return versions;
}

/** On the standby: fetches the leader's snapshots that changed, each at most every COPY_EVERY_MS. */
export class SnapshotCopier {
  private copied = new Map<string, { version: string; at: number }>();
  /** Counts copies made again from the start: a fetch begun before one is not stored. */
  private generation = 0;
  private running: Promise<void> | null = null;

  constructor(
    private dataDir: string,
    private fetchSnapshot: (eventId: string) => Promise<Uint8Array>,
    private now: () => number = () => performance.now(),
  ) {}

  /** Copies are made again from the start: what was copied is gone. */
  forget(): void {
    this.copied.clear();
    this.generation++;
  }

  /**
   * Starts fetching each snapshot of `versions` that is new and due, unless a fetch is under way:
   * beside the questions for reads, never in their way (a synchronous leader waits for those).
   */
  offer(versions: Record<string, string> | undefined, onError: (err: Error) => void): void {
    if (!versions || this.running) return;
    const due = Object.entries(versions).filter(([eventId, version]) => {
      const last = this.copied.get(eventId);
      return !last || (last.version !== version && this.now() - last.at >= COPY_EVERY_MS);
    });
    if (due.length === 0) return;
    const generation = this.generation;
    this.running = (async () => {
      for (const [eventId, version] of due) {
        const bytes = await this.fetchSnapshot(eventId);
        if (generation !== this.generation) return;
        this.store(eventId, bytes);
        this.copied.set(eventId, { version, at: this.now() });
      }
    })()
      .catch(onError)
      .finally(() => {
        this.running = null;
      });
  }

  /** Resolves once no fetch is under way. */
  async settled(): Promise<void> {
    await this.running;
  }

  private store(eventId: string, bytes: Uint8Array): void {
    mkdirSync(dirOf(this.dataDir), { recursive: true });
    const file = snapshotFile(this.dataDir, eventId);
    const fd = openSync(`${file}.tmp`, 'w');
    try {
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(`${file}.tmp`, file);
  }
}
