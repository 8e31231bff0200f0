// Summing up a course history file in a worker thread (history-summing-worker.ts), one file at a
// time per server: a second upload while one is summed up is told to come back (the handler
// answers 429), so uploads never pile up threads on a machine that also serves the race.
import type { HistoryFile } from '../../shared/course-history';
import { HistoryFileError } from '../replay/history-file';
import { startWorkerThread } from '../worker-thread';

export interface HistorySummingJob {
  text: string;
  distance: number;
}

/** The file summed up (its id, name and upload time still to be set), or why it cannot be. */
export type HistorySummingAnswer = { file: HistoryFile } | { refused: string };

export class HistorySummer {
  private running = false;

  /** Whether a file is being summed up now (a new one would be refused). */
  get busy(): boolean {
    return this.running;
  }

  /**
   * The summed-up file; rejects with HistoryFileError for a file that cannot be used. Takes the
   * slot at once (before its first await), so a caller that saw `busy` false is never refused.
   */
  sumUp(job: HistorySummingJob): Promise<HistoryFile> {
    if (this.running) return Promise.reject(new Error('a history file is being summed up already'));
    this.running = true;
    let held = true;
    // Released once, by whichever comes first: a later job may hold the slot when this thread exits.
    const release = () => {
      if (held) this.running = held = false;
    };
    return new Promise<HistoryFile>((resolve, reject) => {
      const worker = startWorkerThread('organizer/history-summing-worker', { workerData: job });
      // A server closing does not wait for a file nobody will be answered about.
      worker.unref();
      // The slot is free once the answer is in (the thread's exit comes a moment later).
      worker.once('message', (answer: HistorySummingAnswer) => {
        release();
        if ('file' in answer) resolve(answer.file);
        else reject(new HistoryFileError(answer.refused));
      });
      worker.once('error', (err) => {
        release();
        reject(err);
      });
      worker.once('exit', (code) => {
        release();
        // After an answer this rejection is a no-op; without one the thread died (out of memory, say).
        reject(new Error(`summing up a history file stopped without an answer (exit code ${code})`));
      });
    });
  }
}
