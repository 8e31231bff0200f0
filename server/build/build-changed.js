// @ts-check
// What `npm start` builds before it serves: the client and the server, each only when its sources
// changed since its last build.
import { join, resolve } from 'node:path';
import { buildClientIfChanged } from './build-client.js';
import { buildServerIfChanged, SERVER_BUILD_DIR } from './build-server.js';
import { ROOT } from './source-stamp.js';

/**
 * Builds what changed, saying so; returns the compiled server's entry file.
 * @param {NodeJS.ProcessEnv} env CLIENT_DIR and SERVER_BUILD_DIR, where the builds go
 */
export async function buildWhatChanged(env = process.env) {
  const clientDir = env.CLIENT_DIR || 'dist/client';
  const serverDir = env.SERVER_BUILD_DIR || SERVER_BUILD_DIR;
  await timed(`client built into ${clientDir}`, () => buildClientIfChanged(clientDir));
  await timed(`server built into ${serverDir}`, () => buildServerIfChanged(serverDir));
  return join(resolve(ROOT, serverDir), 'main.js');
}

/**
 * @param {string} what
 * @param {() => Promise<boolean>} build
 */
async function timed(what, build) {
  const started = Date.now();
  if (await build()) console.log(`${what} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
