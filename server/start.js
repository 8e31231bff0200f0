// @ts-check
// `npm start`: builds the client and the server when their sources changed, then runs the compiled
// server in this process. Plain JavaScript, so no TypeScript loader runs here or in the server's
// worker threads (each would be a thread and a V8 isolate of its own, and a second of start-up).
import { pathToFileURL } from 'node:url';
import { buildWhatChanged } from './build/build-changed.js';

const main = await buildWhatChanged();
// Stack traces name the .ts files: maps are read for the modules loaded from here on.
process.setSourceMapsEnabled(true);
await import(pathToFileURL(main).href);
