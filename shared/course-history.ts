// Earlier years' results attached to a race: what each file taught about the course, kept in the
// race's set-up so the engine (pure) gets it as data. A file is summed up once, on upload, as the
// fade runners showed per segment, pace band and fade bucket (the field model's own cells); the
// file itself is not kept.
import { z } from 'zod';

/** One segment of a past year's course: from and to (metres), and its cells [band, fade bucket, sum of log ratios, runners]. */
export const historySegmentSchema = z
  .object({
    from: z.number().min(0).max(1_000_000),
    to: z.number().positive().max(1_000_000),
    cells: z.array(z.tuple([z.number().int().min(0).max(100_000), z.number().int().min(0).max(16), z.number().finite(), z.number().int().positive()])).max(20_000),
  })
  .strict();

/**
 * From one mat to a later one (metres): per cell [pace bin, fade bin, median log(time actually run /
 * time at the recent pace), runners], the bins as in HISTORY_BINS.
 */
export const historyPairSchema = z
  .object({
    from: z.number().positive().max(1_000_000),
    to: z.number().positive().max(1_000_000),
    cells: z.array(z.tuple([z.number().int().min(-1000).max(1000), z.number().int().min(-1000).max(1000), z.number().finite(), z.number().int().positive()])).max(5_000),
    /** Per pace bin [pace bin, 10th and 90th percentile of (log ratio − its cell's median), runners]: how far off the cells' medians were. */
    spread: z.array(z.tuple([z.number().int().min(-1000).max(1000), z.number().finite(), z.number().finite(), z.number().int().positive()])).max(1_000),
  })
  .strict();

/** Bins of the pairs' cells: log(average pace in ms per metre) and log(recent pace / average pace). */
export const HISTORY_BINS = { pace: 0.03, fade: 0.02 } as const;

export const historyFileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,40}$/),
    /** The file's name as uploaded. */
    name: z.string().min(1).max(200),
    uploadedAt: z.number().int().min(0),
    /** Runners the file held and finishers among them. */
    runners: z.number().int().min(0),
    finishers: z.number().int().min(0),
    segments: z.array(historySegmentSchema).max(500),
    pairs: z.array(historyPairSchema).max(2_000),
  })
  .strict();
export type HistoryFile = z.infer<typeof historyFileSchema>;
export type HistorySegment = z.infer<typeof historySegmentSchema>;
export type HistoryPair = z.infer<typeof historyPairSchema>;

/** At most this many earlier years per race. */
export const MAX_HISTORY_FILES = 10;

/** What the console lists of a race's history (the cells stay on the server). */
export interface HistoryFileInfo {
  id: string;
  name: string;
  uploadedAt: number;
  runners: number;
  finishers: number;
  /** Segments of the file that match a segment of the race's course. */
  segments: number;
}

/** The upload's query: the file's name, as the console shows it. */
export const historyUploadQuery = z.object({ name: z.string().trim().min(1, 'name the file').max(200) }).strict();
