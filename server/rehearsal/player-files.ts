// Rehearsal players on disk, so a restart resumes them where they were: per rehearsal, what it
// plays (written once: the set-up is in the event store, the reads here in columns) and where its
// player is (state, speed, how far the race was moved, the race clock up to which every read was
// acknowledged), rewritten as it changes and every few seconds while it plays. In DATA_DIR, beside
// the database; written to a temporary file and renamed, so a crash leaves the old or the new.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TimedReadInput } from '../simulator/feeder';

export interface PlayerPosition {
  state: 'ready' | 'playing' | 'paused' | 'stopped';
  speed: number;
  /** How far the source's times were moved when it first played; null before. */
  shiftMs: number | null;
  /** Race clock up to which every read was acknowledged (moved times); null before the first play. */
  clock: number | null;
  /** Device id of the player's token: revoked when a restart gives the player a new one. */
  deviceId: string;
}

export interface PlayerSource {
  description: string;
  firstGun: number;
  reads: TimedReadInput[];
}

interface SourceFile {
  description: string;
  firstGun: number;
  point: string[];
  bib: (string | null)[];
  chip: (string | null)[];
  time: number[];
  readId: (string | null)[];
}

export class PlayerFiles {
  private dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'rehearsals');
    mkdirSync(this.dir, { recursive: true });
  }

  saveSource(eventId: string, source: PlayerSource): void {
    const file: SourceFile = {
      description: source.description,
      firstGun: source.firstGun,
      point: source.reads.map((r) => r.point),
      bib: source.reads.map((r) => r.bib ?? null),
      chip: source.reads.map((r) => r.chip ?? null),
      time: source.reads.map((r) => r.time),
      readId: source.reads.map((r) => r.readId ?? null),
    };
    this.write(`${eventId}.source.json`, JSON.stringify(file));
  }

  savePosition(eventId: string, position: PlayerPosition): void {
    this.write(`${eventId}.player.json`, JSON.stringify(position));
  }

  /** Every rehearsal kept, with its source and position; a file that cannot be read is left out (and said). */
  load(onError: (eventId: string, message: string) => void): { eventId: string; source: PlayerSource; position: PlayerPosition }[] {
    const out: { eventId: string; source: PlayerSource; position: PlayerPosition }[] = [];
    for (const name of readdirSync(this.dir)) {
      if (!name.endsWith('.player.json')) continue;
      const eventId = name.slice(0, -'.player.json'.length);
      try {
        const position = JSON.parse(readFileSync(join(this.dir, name), 'utf8')) as PlayerPosition;
        const file = JSON.parse(readFileSync(join(this.dir, `${eventId}.source.json`), 'utf8')) as SourceFile;
        const reads: TimedReadInput[] = file.time.map((time, i) => {
          const read: TimedReadInput = { point: file.point[i], time };
          if (file.bib[i] !== null) read.bib = file.bib[i]!;
          if (file.chip[i] !== null) read.chip = file.chip[i]!;
          if (file.readId[i] !== null) read.readId = file.readId[i]!;
          return read;
        });
        out.push({ eventId, source: { description: file.description, firstGun: file.firstGun, reads }, position });
      } catch (err) {
        onError(eventId, (err as Error).message);
      }
    }
    return out;
  }

  remove(eventId: string): void {
    for (const suffix of ['.source.json', '.player.json']) rmSync(join(this.dir, `${eventId}${suffix}`), { force: true });
  }

  private write(name: string, text: string): void {
    const path = join(this.dir, name);
    writeFileSync(`${path}.tmp`, text);
    renameSync(`${path}.tmp`, path);
  }
}
