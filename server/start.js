// @ts-check
// `npm start`: builds the client and the server when their sources changed, then runs the compiled
// server in this process. Plain JavaScript, so no TypeScript loader runs here or in the server's
// worker threads (each would be a thread and a V8 isolate of its own, and a second of start-up).
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { allCurrent, serverEntry } from './build/build-changed.js';

if (!allCurrent()) {
  // Built in a process of its own: Vite and esbuild loaded here would stay in the serving
  // process's memory (an idle server of 640 MB instead of 130).
  const built = spawnSync(process.execPath, [fileURLToPath(new URL('build/build-changed.js', import.meta.url))], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
// SOURCE_MAPS=1: stack traces name the .ts files and lines. Off by default: Node then reads the
// source maps of every package loaded, sources included (about 14 MB of a primary's memory).
if (process.env.SOURCE_MAPS === '1') process.setSourceMapsEnabled(true);
await import(pathToFileURL(serverEntry()).href);
