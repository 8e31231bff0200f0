// Starts one of the server's worker threads (`server/**/*-worker.ts`) wherever the server runs
// from. Compiled (`npm start`, see server/build/build-server.js) this module is part of
// dist/server/main.js and each worker is compiled beside it at the same relative path; through tsx
// or vitest it is this .ts file and the worker is its .ts source, which needs tsx's loader: worker
// threads do not inherit it, so the thread registers it before loading the file.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

const COMPILED = !import.meta.url.endsWith('.ts');

/** The thread running `entry`, a path under `server/` without its extension, e.g. 'live/timeline-worker'. */
export function startWorkerThread(entry: `${string}-worker`, options: Omit<WorkerOptions, 'eval'>): Worker {
  const url = JSON.stringify(pathToFileURL(resolve(import.meta.dirname, `${entry}${COMPILED ? '.js' : '.ts'}`)).href);
  const load = COMPILED
    ? // Source maps as in the thread that starts it (only loading after the call reads them).
      `process.setSourceMapsEnabled(${process.sourceMapsEnabled}); import(${url});`
    : `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${url}); });`;
  return new Worker(load, { ...options, eval: true });
}
