// @ts-check
// The server compiled ahead of time with esbuild, when its sources changed since the last build:
// `npm start` then runs plain JavaScript, without a TypeScript loader in the process or its
// worker threads. Entries: `server/main.ts` and every `server/**/*-worker.ts` (the worker threads
// it starts by file path, see server/worker-thread.ts), each at its own path under `outDir`.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './source-stamp.js';

/** The default output directory; SERVER_BUILD_DIR elsewhere (tests build aside). */
export const SERVER_BUILD_DIR = 'dist/server';

function entryPoints() {
  const workers = readdirSync(join(ROOT, 'server'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('-worker.ts'));
  return ['main.ts', ...workers].map((f) => join(ROOT, 'server', f));
}

/**
 * @param {string} outDir
 * @returns {import('./source-stamp.js').StampedBuild}
 */
export function serverBuild(outDir) {
  return {
    sources: ['server', 'shared', 'package-lock.json', 'tsconfig.json'],
    outDir,
    output: 'main.js',
    async build(out) {
      // esbuild is loaded only to build; it leaves no file of an earlier build behind.
      const { build } = await import('esbuild');
      rmSync(out, { recursive: true, force: true });
      await build({
        entryPoints: entryPoints(),
        outbase: join(ROOT, 'server'),
        outdir: out,
        bundle: true,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        // Packages are loaded from node_modules as they are (native ones such as better-sqlite3 must be).
        packages: 'external',
        // Stack traces name the .ts files and lines (the launcher enables source maps).
        sourcemap: true,
        logLevel: 'warning',
      });
    },
  };
}
