// The hot path of ingest checks each read by hand instead of through zod: the same rules as
// `readInputSchema` (test/read-fast-path.test.ts proves the two agree on generated reads), at a
// fraction of the cost. Anything it does not accept goes through zod, for zod's error message.
import { MAX_READS_PER_BATCH, readInputSchema, type ReadInput } from './reads';
import { isEpochMs, isoTimeMs } from './time-input';


const textOf = (value: unknown, max: number): boolean => typeof value === 'string' && value.length >= 1 && value.length <= max;

/** The read when it is valid, else null (then `readInputSchema` says why). */
export function validReadOrNull(raw: unknown): ReadInput | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const r = raw as Record<string, unknown>;
  let keys = 0;
  for (const key in r) {
    if (!Object.hasOwn(r, key)) continue;
    if (key !== 'point' && key !== 'chip' && key !== 'bib' && key !== 'time' && key !== 'readId') return null;
    keys++;
  }
  // Own keys that are not enumerable do not occur in parsed JSON; leave anything unusual to zod.
  if (keys !== Object.getOwnPropertyNames(r).length) return null;
  if (!textOf(r.point, 64)) return null;
  if (r.chip !== undefined && !textOf(r.chip, 64)) return null;
  if (r.bib !== undefined && !textOf(r.bib, 16)) return null;
  if ((r.chip === undefined) === (r.bib === undefined)) return null;
  if (r.readId !== undefined && !textOf(r.readId, 128)) return null;
  const time = r.time;
  if (typeof time === 'number') {
    if (!isEpochMs(time)) return null;
  } else if (typeof time !== 'string' || isoTimeMs(time) === null) return null;
  return r as ReadInput;
}

/** A read checked by the fast path, falling back to the schema (and its message) for the rest. */
export function parseReadInput(raw: unknown): { success: true; data: ReadInput } | { success: false; error: ReturnType<typeof readInputSchema.safeParse>['error'] } {
  const fast = validReadOrNull(raw);
  if (fast !== null) return { success: true, data: fast };
  const parsed = readInputSchema.safeParse(raw);
  return parsed.success ? { success: true, data: parsed.data } : { success: false, error: parsed.error };
}

/** The batch's array of raw reads when the body is `{ reads: [...] }` within the limits, else null. */
export function readBatchOrNull(body: unknown): unknown[] | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const keys = Object.getOwnPropertyNames(body);
  if (keys.length !== 1 || keys[0] !== 'reads') return null;
  const reads = (body as { reads: unknown }).reads;
  if (!Array.isArray(reads) || reads.length < 1 || reads.length > MAX_READS_PER_BATCH) return null;
  return reads;
}
