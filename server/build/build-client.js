// @ts-check
// The browser client, built with Vite when its sources changed since the last build: a restart on
// race day (after a crash, say) serves again in seconds instead of waiting for Vite.
import { join } from 'node:path';
import { buildIfChanged, ROOT } from './source-stamp.js';

/**
 * @param {string} outDir
 * @returns {import('./source-stamp.js').StampedBuild}
 */
export function clientBuild(outDir) {
  return {
    sources: ['client', 'shared', 'vite.config.ts', 'package-lock.json', 'tsconfig.json'],
    outDir,
    output: 'index.html',
    async build(out) {
      // Vite is loaded only to build: the check alone stays quick.
      const { build } = await import('vite');
      await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir: out, emptyOutDir: true } });
    },
  };
}

/** @param {string} outDir */
export const buildClientIfChanged = (outDir) => buildIfChanged(clientBuild(outDir));
