// @ts-check
// A build is remade only when the files it is made from changed: its output directory holds a
// stamp, a hash of every source file. Plain JavaScript, so `npm start` can check stamps without a
// TypeScript loader.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
const STAMP = '.source-hash';

/** @param {string} path a file or directory relative to the repository */
function filesUnder(path) {
  const full = join(ROOT, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [full];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** @param {string[]} sources files and directories relative to the repository */
export function sourceHash(sources) {
  const hash = createHash('sha256');
  for (const file of sources.flatMap(filesUnder)) hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

/**
 * @typedef {object} StampedBuild
 * @property {string[]} sources what the build is made from, relative to the repository
 * @property {string} outDir where it goes, relative to the repository (or absolute)
 * @property {string} output a file every complete build has in `outDir`
 * @property {(outDir: string) => Promise<void>} build makes the build into the absolute `outDir`
 */

/**
 * Whether the build in `outDir` is complete and was made from the sources as they are now.
 * @param {Omit<StampedBuild, 'build'>} build
 */
export function isCurrent({ sources, outDir, output }) {
  const out = resolve(ROOT, outDir);
  const stamp = join(out, STAMP);
  return existsSync(join(out, output)) && existsSync(stamp) && readFileSync(stamp, 'utf8') === sourceHash(sources);
}

/**
 * Build unless the build in `outDir` is current. Returns whether it built.
 * @param {StampedBuild} build
 */
export async function buildIfChanged(build) {
  if (isCurrent(build)) return false;
  // The hash of the sources as they were when the build began: a change meanwhile builds again next time.
  const hash = sourceHash(build.sources);
  const out = resolve(ROOT, build.outDir);
  await build.build(out);
  writeFileSync(join(out, STAMP), hash);
  return true;
}
