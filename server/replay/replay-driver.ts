// Posts the replay's batches through the real HTTP ingest, in race-clock order, one request at a
// time (as fast as it goes, or at `speed` × real time). A batch that the server did not take is
// sent again: no read is dropped.
import { postReads, type IngestAnswer } from '../ingest/read-poster';
import type { ProjectionRecorder } from './projection-recorder';
import type { ReadBatch } from './read-batches';

export interface DriverOptions {
  url: string;
  token: string;
  eventId: string;
  batches: readonly ReadBatch[];
  recorder: ProjectionRecorder;
  /** Race clock over real time; unset: as fast as it goes. */
  speed?: number;
  onProgress?: (stats: DriverStats) => void;
  onError?: (message: string) => void;
}

export interface DriverStats {
  reads: number;
  sent: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  rejections: { point: string; bib: string; message: string }[];
  failedRequests: number;
  /** Milliseconds spent waiting for a runner's previous update before posting. */
  waitedMs: number;
  requests: number;
}

const MAX_ATTEMPTS = 20;

export async function driveReplay(options: DriverOptions): Promise<DriverStats> {
  const { batches, recorder } = options;
  const stats: DriverStats = {
    reads: batches.reduce((n, b) => n + b.reads.length, 0),
    sent: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    rejections: [],
    failedRequests: 0,
    waitedMs: 0,
    requests: 0,
  };
  const clockStart = batches[0]?.sendAt ?? 0;
  const wallStart = Date.now();
  let lastProgress = 0;
  for (const batch of batches) {
    if (options.speed) {
      const due = wallStart + (batch.sendAt - clockStart) / options.speed;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    }
    const fresh = batch.reads.filter((r) => !r.resend);
    // One unpublished read per runner: wait for the update of the runner's previous read.
    if (fresh.some((r) => recorder.isExpecting(r.bib))) {
      const waitStart = Date.now();
      await recorder.settle(fresh.map((r) => r.bib));
      stats.waitedMs += Date.now() - waitStart;
    }
    for (const r of fresh) recorder.expect(r.bib, r.column);
    const answer = await post(options, batch, stats);
    stats.requests++;
    stats.sent += batch.reads.length;
    stats.accepted += answer.accepted;
    stats.duplicates += answer.duplicates;
    stats.rejected += answer.rejected.length;
    for (const { index, message } of answer.rejected) {
      const read = batch.reads[index];
      stats.rejections.push({ point: read.point, bib: read.bib, message });
      if (!read.resend) recorder.forget(read.bib);
    }
    if (options.onProgress && Date.now() - lastProgress > 500) {
      lastProgress = Date.now();
      options.onProgress(stats);
    }
  }
  await recorder.settle(recorder.pending());
  options.onProgress?.(stats);
  return stats;
}

function post(options: DriverOptions, batch: ReadBatch, stats: DriverStats): Promise<IngestAnswer> {
  const reads = batch.reads.map((r) => ({ point: r.point, bib: r.bib, time: r.time, readId: r.readId }));
  return postReads(options, reads, {
    attempts: MAX_ATTEMPTS,
    onRetry: (failure) => {
      stats.failedRequests++;
      options.onError?.(failure.message);
    },
  });
}
