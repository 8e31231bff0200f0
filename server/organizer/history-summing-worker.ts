// Sums up one past year's results file off the event loop: a Boston-size file takes seconds, which
// spectators and timing mats on the same server must not wait for. Answers the summed-up file, or
// what is wrong with it (a HistoryFileError's message); anything else is the thread's own failure.
import { parentPort, workerData } from 'node:worker_threads';
import { HistoryFileError, historyFromResults } from '../replay/history-file';
import type { HistorySummingAnswer, HistorySummingJob } from './history-summer';

const { text, distance } = workerData as HistorySummingJob;
let answer: HistorySummingAnswer;
try {
  answer = { file: historyFromResults(text, { id: 'pending', name: 'pending', uploadedAt: 0, distance }) };
} catch (err) {
  if (!(err instanceof HistoryFileError)) throw err;
  answer = { refused: err.message };
}
parentPort!.postMessage(answer);
