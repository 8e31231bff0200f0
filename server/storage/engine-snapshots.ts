// Engine snapshots on disk, one file per event beside the database: what lets a restarted primary
// skip scoring its whole log again. A snapshot is only a shortcut, never the truth: the log is.
// Written to a temporary file and renamed, so a crash leaves the previous snapshot whole; one that
// cannot be read is ignored and the engine is rebuilt from the log.
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize } from 'node:v8';
import type { EngineSnapshot } from '../../shared/engine/engine-snapshot';
import { decodeOutOfLine, encodeOutOfLine } from './out-of-line-encoding';

/** A snapshot and the log seq it reaches: every read of the event up to `through` is in it (or set aside), none after. */
export interface StoredSnapshot {
  through: number;
  engine: EngineSnapshot;
}

export class EngineSnapshots {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'snapshots');
    mkdirSync(this.dir, { recursive: true });
  }

  /** The event's last snapshot, or null when there is none or it cannot be read. */
  load(eventId: string): StoredSnapshot | null {
    try {
      const bytes = readFileSync(this.file(eventId));
      // A file from before the out-of-line encoding is one v8 serialization.
      return (decodeOutOfLine(bytes) ?? deserialize(bytes)) as StoredSnapshot;
    } catch {
      return null;
    }
  }

  /**
   * Written before returning, straight from the snapshot's arrays: they are views of the engine's
   * own (see EngineSnapshot), and copying a major's hundreds of megabytes to write them later costs
   * the event loop more (the copies' allocation forces full collections of the heap) than writing them.
   */
  save(eventId: string, snapshot: StoredSnapshot): void {
    const file = this.file(eventId);
    const fd = openSync(`${file}.tmp`, 'w');
    try {
      for (const part of encodeOutOfLine(snapshot)) {
        for (let at = 0; at < part.length; ) at += writeSync(fd, part, at, part.length - at);
      }
    } finally {
      closeSync(fd);
    }
    renameSync(`${file}.tmp`, file);
  }

  remove(eventId: string): void {
    rmSync(this.file(eventId), { force: true });
  }

  private file(eventId: string): string {
    return join(this.dir, `${encodeURIComponent(eventId)}.snapshot`);
  }
}
