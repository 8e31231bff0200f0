// Generated bad input for the fuzz tests: wrong types, huge strings, deep nesting, bad dates, unknown
// ids, oversized batches, and near-misses of valid reads. Plus the checks every answer must pass.
import fc from 'fast-check';
import { GUN } from '../fixtures';

const hugeString = fc.integer({ min: 1_000, max: 100_000 }).map((n) => 'x'.repeat(n));
const oddString = fc.oneof({ weight: 4, arbitrary: fc.string() }, { weight: 2, arbitrary: fc.string({ unit: 'binary' }) }, { weight: 1, arbitrary: hugeString }, { weight: 2, arbitrary: fc.constantFrom('', ' ', '\u0000', '../../etc/passwd', '<script>', '__proto__', 'constructor', '%E0%A4%A', '😀'.repeat(100)) });
const oddNumber = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(NaN, Infinity, -1, 0, 1e308, Number.MAX_SAFE_INTEGER + 2, -0));
const badDate = fc.oneof(
  fc.constantFrom('2026-02-30T10:00:00Z', '2026-04-17T07:00:00', 'yesterday', '2026-13-01T00:00:00Z', '9999-99-99T99:99:99Z', '2026-04-17T07:00:00.1234567890Z', '1e3'),
  oddNumber,
  fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString())),
);

/** Any JSON value, nested up to a depth. */
export const anyJson = fc.jsonValue({ maxDepth: 6 });

export function deepNesting(depth: number): string {
  return `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`;
}

/** A read that is nearly right: one field wrong, missing, unknown or extra. */
export const nearRead = fc.record(
  {
    point: fc.oneof(fc.constantFrom('start', '5k', 'finish', 'lap', 'nowhere'), oddString, oddNumber, fc.constant(null)),
    chip: fc.oneof(fc.constantFrom('C1', 'C2', 'C3', 'C5', 'NOPE'), oddString, oddNumber, fc.array(fc.string(), { maxLength: 3 })),
    bib: fc.oneof(fc.constantFrom('1', '2', '99'), oddString, oddNumber),
    time: fc.oneof(badDate, fc.integer({ min: GUN - 1e9, max: GUN + 1e9 }), fc.constant(new Date(GUN).toISOString())),
    readId: fc.oneof(oddString, oddNumber, fc.constant(undefined)),
    extra: fc.oneof(anyJson, fc.constant(undefined)),
  },
  { requiredKeys: [] },
);

/** Bodies for POST /api/events/:id/reads. `raw` ones are sent as they are (not valid JSON, or not an object). */
export const ingestBody = fc.oneof(
  { weight: 5, arbitrary: fc.record({ reads: fc.array(nearRead, { maxLength: 20 }) }) },
  { weight: 2, arbitrary: fc.record({ reads: fc.oneof(anyJson, oddString, oddNumber) }) },
  { weight: 2, arbitrary: anyJson },
  { weight: 1, arbitrary: fc.record({ reads: fc.array(nearRead, { maxLength: 3 }), extra: anyJson }) },
  { weight: 1, arbitrary: fc.oneof(fc.string(), fc.constantFrom('{', '{"reads": [}', 'null', '[]', '"reads"', '{"reads": NaN}')).map((raw) => ({ raw })) },
);

/** An answer to bad input: below 500, and a refusal says in words what is wrong, without internals. */
export function checkAnswer(status: number, text: string): string | null {
  if (status >= 500) return `answered ${status}: ${text.slice(0, 200)}`;
  if (status < 400) return null;
  let body: { error?: unknown; rejected?: { message?: unknown }[] };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return `refusal ${status} is not JSON: ${text.slice(0, 200)}`;
  }
  // A refused batch says per item what is wrong.
  const itemMessages = Array.isArray(body.rejected) && body.rejected.length > 0 && body.rejected.every((r) => typeof r.message === 'string' && r.message.length >= 5);
  const message = typeof body.error === 'string' && body.error.trim().length >= 5;
  if (!message && !itemMessages) return `refusal ${status} has no message: ${text.slice(0, 200)}`;
  if (/\n\s+at |node_modules|\/work\/|\.ts:\d+|Error: /.test(text)) return `refusal ${status} leaks internals: ${text.slice(0, 300)}`;
  return null;
}
