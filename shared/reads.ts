// A timing read as equipment sends it, and as it is stored.
import { z } from 'zod';
import { parseTimeInput, timeInputSchema } from './time-input';

export const MAX_READS_PER_BATCH = 10_000;


/** One read in an ingest request. Exactly one of chip or bib. */
export const readInputSchema = z
  .object({
    point: z.string().min(1).max(64),
    chip: z.string().min(1).max(64).optional(),
    bib: z.string().min(1).max(16).optional(),
    time: timeInputSchema,
    /** The device's own id for this read; a re-sent read with the same id is a duplicate. */
    readId: z.string().min(1).max(128).optional(),
  })
  .strict()
  .refine((r) => (r.chip === undefined) !== (r.bib === undefined), 'give exactly one of "chip" or "bib"');
export type ReadInput = z.infer<typeof readInputSchema>;

export const readBatchSchema = z
  .object({ reads: z.array(z.unknown()).min(1, 'must hold at least one read').max(MAX_READS_PER_BATCH, `holds at most ${MAX_READS_PER_BATCH} reads`) })
  .strict();

/** A read as stored in the durable log and fed to the engine. */
export interface StoredRead {
  /** Position in the event's durable log. */
  seq: number;
  point: string;
  chip: string | null;
  bib: string | null;
  /** Epoch ms when the mat saw the chip. */
  time: number;
  device: string | null;
}

/** A read's time as epoch ms (strictly: see time-input), null when it is not a valid time. */
export const parseReadTime = parseTimeInput;

/** The identity of a read for idempotent re-posts: its id from the device, else what it says. */
export function readKey(device: string, read: ReadInput, time: number): string {
  if (read.readId !== undefined) return `id:${device}:${read.readId}`;
  return read.chip !== undefined ? `c:${read.point}:${read.chip}:${time}` : `b:${read.point}:${read.bib}:${time}`;
}

export interface IngestRejection {
  index: number;
  message: string;
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: IngestRejection[];
  /** Accepted reads whose chip or bib matches no entrant: stored, kept for the organizer to assign. */
  unmatched: number;
}
