// `npm start` builds the browser client only when its sources changed since the last build: a
// restart on race day (after a crash, say) serves again in seconds instead of waiting for Vite.
// The build's stamp is a hash of every file it is made from.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const SOURCES = ['client', 'shared', 'vite.config.ts', 'package-lock.json', 'tsconfig.json'];
const STAMP = '.source-hash';

function filesUnder(path: string): string[] {
  const full = join(ROOT, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [full];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

export function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of SOURCES.flatMap(filesUnder)) hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

/** Build into `outDir` unless the build there was made from the same sources. Returns whether it built. */
export async function buildClientIfChanged(outDir: string): Promise<boolean> {
  const out = resolve(ROOT, outDir);
  const stamp = join(out, STAMP);
  const hash = sourceHash();
  if (existsSync(join(out, 'index.html')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return false;
  // Vite is loaded only to build: the check alone stays quick.
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir: out, emptyOutDir: true } });
  writeFileSync(stamp, hash);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const outDir = process.env.CLIENT_DIR || 'dist/client';
  const started = Date.now();
  const built = await buildClientIfChanged(outDir);
  console.log(built ? `client built into ${outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s` : `client in ${outDir} is up to date`);
}
