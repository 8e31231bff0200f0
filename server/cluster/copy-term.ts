// Which leader a standby's file is a copy of: the term of the leader it copies, kept beside the
// file. A standby process that restarts resumes its copy only when the leader still leads under
// that term (every row then came from that leader, so the copy is a prefix of its store); any other
// file (a former leader's, or a copy of another term) is made again from the start. Written before
// the first row of a copy and removed before a standby writes as a leader, each step fsynced, so a
// crash at any point leaves either a true marker or none.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE = 'standby-copy.json';

/** The term the file in `dataDir` is a copy of; null when it is no (known) copy. */
export function readCopyTerm(dataDir: string): number | null {
  try {
    const { term } = JSON.parse(readFileSync(join(dataDir, FILE), 'utf8')) as { term?: unknown };
    return typeof term === 'number' && Number.isInteger(term) && term > 0 ? term : null;
  } catch {
    return null;
  }
}

export function writeCopyTerm(dataDir: string, term: number): void {
  const path = join(dataDir, FILE);
  writeFileSync(`${path}.tmp`, JSON.stringify({ term }));
  fsync(`${path}.tmp`);
  renameSync(`${path}.tmp`, path);
  fsync(dataDir);
}

/** The file is no longer (only) a copy: this instance writes to it as a leader now, or empties it. */
export function forgetCopyTerm(dataDir: string): void {
  rmSync(join(dataDir, FILE), { force: true });
  fsync(dataDir);
}

function fsync(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
