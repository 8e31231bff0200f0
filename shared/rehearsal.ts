// Rehearsals: an event played again through the real ingest before race day, so the screen, the
// announcer view and the monitoring can be tried. What the console sends and is answered.
import { z } from 'zod';
import { idSchema } from './domain';

export const rehearsalFromEventSchema = z
  .object({
    name: z.string().trim().min(1).max(160),
    /** The event whose set-up and scored reads are played again. */
    sourceEventId: idSchema,
  })
  .strict();

/** Query of a rehearsal made from a results file (the file itself is the text/csv body). */
export const rehearsalFromResultsQuery = z
  .object({
    name: z.string().trim().min(1).max(160),
    /** Play only the first N runners of the file (in file order). */
    sample: z.coerce.number().int().min(1).max(200_000).optional(),
  })
  .strict();

/** The speeds the console offers (the API takes any speed from 0.1 to 600). */
export const REHEARSAL_SPEEDS = [1, 10, 60, 120, 300, 600] as const;

export const rehearsalPlaySchema = z
  .object({
    /** Race clock over real time. */
    speed: z.number().min(0.1, 'speed must be at least 0.1').max(600, 'speed must be at most 600'),
  })
  .strict();

export type RehearsalState = 'ready' | 'playing' | 'paused' | 'stopped' | 'finished';

export interface RehearsalStatus {
  eventId: string;
  source: string;
  state: RehearsalState;
  speed: number;
  /** Race clock, epoch ms; null before the first play. */
  clock: number | null;
  reads: number;
  sent: number;
  accepted: number;
  failedRequests: number;
}
