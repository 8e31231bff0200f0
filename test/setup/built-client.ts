// The browser tests' set-up: Debian's Chromium must be there, and the client is built once for the
// run into a fresh directory (never a cached build), which every browser test serves read-only.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { build } from 'vite';
import { CHROMIUM } from '../browser/support/chromium';
import { stopWithOneLine } from './requirements';

declare module 'vitest' {
  export interface ProvidedContext {
    clientDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  if (!existsSync(CHROMIUM)) stopWithOneLine(`npm test needs Chromium at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH.`);
  const clientDir = mkdtempSync(join(tmpdir(), 'splitcast-client-'));
  await build({ configFile: resolve('vite.config.ts'), logLevel: 'error', build: { outDir: clientDir, emptyOutDir: true } });
  project.provide('clientDir', clientDir);
  return () => rmSync(clientDir, { recursive: true, force: true });
}
