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
// Stack traces name the .ts files: maps are read for the modules loaded from here on.
process.setSourceMapsEnabled(true);
await import(pathToFileURL(serverEntry()).href);
