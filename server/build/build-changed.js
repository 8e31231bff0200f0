// @ts-check
// What `npm start` builds before it serves: the client and the server, each only when its sources
// changed since its last build. Run as a script, it builds them (server/start.js runs it in a
// process of its own, so Vite and esbuild never take memory in the serving process).
import { join, resolve } from 'node:path';
import { clientBuild } from './build-client.js';
import { SERVER_BUILD_DIR, serverBuild } from './build-server.js';
import { buildIfChanged, isCurrent, ROOT } from './source-stamp.js';

/**
 * @param {NodeJS.ProcessEnv} env CLIENT_DIR and SERVER_BUILD_DIR, where the builds go; an empty
 *   CLIENT_DIR serves no client (server/config.ts), so none is built
 */
function builds(env) {
  const clientDir = env.CLIENT_DIR ?? 'dist/client';
  const serverDir = env.SERVER_BUILD_DIR || SERVER_BUILD_DIR;
  return [
    ...(clientDir === '' ? [] : [{ name: `client built into ${clientDir}`, build: clientBuild(clientDir) }]),
    { name: `server built into ${serverDir}`, build: serverBuild(serverDir) },
  ];
}

/** The compiled server's entry file. */
export function serverEntry(env = process.env) {
  return join(resolve(ROOT, env.SERVER_BUILD_DIR || SERVER_BUILD_DIR), 'main.js');
}

/** Whether every build is current (a check of stamps: no build tool loaded). */
export function allCurrent(env = process.env) {
  return builds(env).every(({ build }) => isCurrent(build));
}

/** Builds what changed, saying what it built and how long it took. */
export async function buildWhatChanged(env = process.env) {
  for (const { name, build } of builds(env)) {
    const started = Date.now();
    if (await buildIfChanged(build)) console.log(`${name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await buildWhatChanged();
