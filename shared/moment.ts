// A moment to look back at (`?at=` on the API and on the race page): epoch milliseconds or
// ISO-8601 with a time zone. One parser for the server and the client, with messages that say
// what is wrong.
import { isEpochMs, isoTimeMs } from './time-input';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const HOW = 'give epoch milliseconds or ISO-8601 with a time zone, e.g. 2026-04-17T09:03:12Z';

export type MomentResult = { ok: true; at: number } | { ok: false; error: string };

export function parseMoment(value: unknown): MomentResult {
  if (Array.isArray(value)) return { ok: false, error: '"at" is given more than once' };
  if (typeof value !== 'string' || value.trim() === '') return { ok: false, error: `"at" is empty: ${HOW}` };
  const text = value.trim();
  if (text.length > 40) return { ok: false, error: `"at" is too long: ${HOW}` };
  let at: number;
  if (/^\d+$/.test(text)) at = Number(text);
  else if (ISO.test(text)) at = isoTimeMs(text) ?? Number.NaN;
  else return { ok: false, error: `"at" is not a moment ("${text}"): ${HOW}` };
  if (!isEpochMs(at)) return { ok: false, error: `"at" is not a valid date ("${text}"): ${HOW}` };
  return { ok: true, at };
}
