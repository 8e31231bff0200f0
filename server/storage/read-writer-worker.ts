// The read log's writer thread: its own connection to the SQLite file, so inserts, commits and
// fsyncs run beside the event loop instead of blocking it. Requests that arrive while a commit is
// under way are stored together in the next transaction (group commit): one fsync for all of
// them, and each is answered only after the commit that holds its reads returned.
import { parentPort, workerData } from 'node:worker_threads';
import { fullCollection } from '../heap-collection';
import { openDatabase } from './database';
import { DeviceTokens } from './device-tokens';
import { ReadLog } from './read-log';
import type { WriterAnswer, WriterRequest } from './read-writer';

// Appends touch the table's last pages and the read-key index: a small page cache holds them.
const db = openDatabase((workerData as { dataDir: string }).dataDir, { cacheMb: 16 });
const log = new ReadLog(db);
const devices = new DeviceTokens(db);
let queue: WriterRequest[] = [];
let scheduled = false;
let commits = 0;
/** After a request, how long without another before the thread gives its memory back. */
const IDLE_MS = 1000;
let idleTimer: NodeJS.Timeout | null = null;
const collect = fullCollection();

/**
 * Reads stopped: the page cache's pages (up to 16 MB, kept by the burst) and the copies of the
 * batches sent here (this thread's heap) go back to the system. The next burst reads the few index
 * pages it needs again.
 */
function releaseMemory(): void {
  idleTimer = null;
  db.pragma('shrink_memory');
  collect().catch(() => undefined);
}

function commitQueued(): void {
  scheduled = false;
  const group = queue;
  queue = [];
  const answers: WriterAnswer[] = [];
  try {
    db.transaction(() => {
      for (const request of group) {
        // Each request in a savepoint of its own: one that fails leaves the others stored.
        try {
          const stored = db.transaction(() => {
            const rows = log.append(request.eventId, request.reads, request.receivedAt);
            devices.touch(request.deviceId, request.receivedAt);
            return rows;
          })();
          answers.push({ id: request.id, seqs: stored.map((r) => r?.seq ?? null), commit: commits + 1 });
        } catch (err) {
          answers.push({ id: request.id, error: (err as Error).message });
        }
      }
    })();
    commits++;
  } catch (err) {
    // The commit itself failed: nothing of the group is stored.
    for (const request of group) parentPort!.postMessage({ id: request.id, error: (err as Error).message } satisfies WriterAnswer);
    return;
  }
  for (const answer of answers) parentPort!.postMessage(answer);
}

parentPort!.on('message', (request: WriterRequest | { close: true }) => {
  if ('close' in request) {
    if (idleTimer) clearTimeout(idleTimer);
    if (queue.length > 0) commitQueued();
    db.close();
    parentPort!.close();
    return;
  }
  queue.push(request);
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(releaseMemory, IDLE_MS);
  // Not a reason to keep the thread up at shutdown.
  idleTimer.unref();
  if (!scheduled) {
    scheduled = true;
    // After the messages already waiting have been queued too.
    setImmediate(commitQueued);
  }
});
parentPort!.postMessage({ ready: true });
