// The reads a replayed field makes, as mats send them: every known split becomes a read at
// start + split; each mat gathers its reads and sends a batch every `batchMs` of race clock.
// `shuffleMs` delays reads at random and `duplicates` re-sends a share of them, as networks do.
import { seededRandom } from '../../shared/random';
import type { ReplayEvent } from './replay-event';

export interface ReplayRead {
  point: string;
  bib: string;
  /** When the mat saw the chip, epoch ms. */
  time: number;
  readId: string;
  /** A re-send of a read already sent: it must count as a duplicate. */
  resend: boolean;
  /** Split column of the results file this read stands for; null for the start and finish mats. */
  column: string | null;
}

export interface ReadBatch {
  point: string;
  /** Race clock when the mat sends it, epoch ms. */
  sendAt: number;
  reads: ReplayRead[];
}

export interface BatchOptions {
  seed: number;
  batchMs?: number;
  maxBatch?: number;
  shuffleMs?: number;
  duplicates?: number;
}

export function replayReads(event: ReplayEvent, splitHeaders: readonly string[]): ReplayRead[] {
  const reads: ReplayRead[] = [];
  const finish = event.setup.races[0].timingPoints.find((p) => p.kind === 'finish')!.id;
  const start = event.setup.races[0].timingPoints.find((p) => p.kind === 'start')!.id;
  for (const { row, start: startTime } of event.runners) {
    const add = (point: string, net: number, column: string | null) =>
      reads.push({ point, bib: row.bib, time: startTime + net, readId: `${point}:${row.bib}`, resend: false, column });
    add(start, 0, null);
    row.splits.forEach((net, i) => {
      if (net !== null && i < event.splitPoints.length) add(event.splitPoints[i], net, splitHeaders[i]);
    });
    // At the finish there is nothing left to project.
    if (row.finish !== null) add(finish, row.finish, null);
  }
  return reads;
}

/** Batches in the order mats send them. */
export function batchReads(reads: readonly ReplayRead[], options: BatchOptions): ReadBatch[] {
  const random = seededRandom(options.seed ^ 0x5eed);
  const batchMs = options.batchMs ?? 15_000;
  const maxBatch = options.maxBatch ?? 5_000;
  const shuffleMs = options.shuffleMs ?? 0;
  const duplicates = options.duplicates ?? 0;
  const deliveries: { at: number; read: ReplayRead }[] = [];
  for (const read of reads) {
    const at = read.time + (shuffleMs > 0 ? random() * shuffleMs : 0);
    deliveries.push({ at, read });
    if (duplicates > 0 && random() < duplicates) deliveries.push({ at: at + 1 + random() * 60_000, read: { ...read, resend: true } });
  }
  deliveries.sort((a, b) => a.at - b.at);
  const open = new Map<string, ReadBatch>();
  const out: ReadBatch[] = [];
  const close = (batch: ReadBatch) => {
    open.delete(batch.point);
    out.push(batch);
  };
  for (const { at, read } of deliveries) {
    // Mats whose window has passed send before this read is seen.
    for (const batch of open.values()) if (batch.sendAt <= at) close(batch);
    let batch = open.get(read.point);
    if (!batch) open.set(read.point, (batch = { point: read.point, sendAt: at + batchMs, reads: [] }));
    batch.reads.push(read);
    if (batch.reads.length >= maxBatch) {
      batch.sendAt = at;
      close(batch);
    }
  }
  out.push(...[...open.values()].sort((a, b) => a.sendAt - b.sendAt));
  out.sort((a, b) => a.sendAt - b.sendAt);
  return out;
}
