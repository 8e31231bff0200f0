// The ingest fast path accepts exactly what the zod schemas accept, with the same data: checked on
// generated reads at every limit of the schema, on reads with one thing wrong, and on any value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readBatchOrNull, validReadOrNull } from '../shared/read-fast-path';
import { readBatchSchema, readInputSchema } from '../shared/reads';

/** Strings up to `max` characters, the empty one and the lengths at the limit and just past it. */
const text = (max: number) => fc.oneof(fc.string({ minLength: 1, maxLength: max }), fc.constantFrom('', 'x', 'é'.repeat(max), 'a'.repeat(max), 'a'.repeat(max + 1)));
const time = fc.oneof(
  fc.integer({ min: 0, max: 4_000_000_000_000 }),
  fc.constantFrom(0, -0, -1, 8.64e15, 8.64e15 + 2, 1.5, Number.NaN, Infinity, Number.MAX_SAFE_INTEGER, 1e21, '0', null, true),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom(
    '2026-04-17T09:03:12.400Z',
    '2026-04-17T09:03+03:30',
    '2026-04-17T09:03:12+0330',
    `2026-04-17T09:03:12.${'1'.repeat(9)}Z`,
    `2026-04-17T09:03:12.${'1'.repeat(10)}Z`,
    `2026-04-17T09:03:12.${'1'.repeat(9)}+03:30`.padEnd(41, '0'),
    '2026-04-17 09:03:12Z',
    '2026-04-17T09:03:12.400',
    '2026-04-17T09:03:12.400Z\n',
    '',
  ),
  fc.string({ maxLength: 45 }),
);
const anyValue = fc.oneof(fc.anything(), fc.constantFrom(undefined, null, 0, '', [], {}));
/** A read as a device sends it: exactly one of chip and bib, the optional id or not. */
const read = fc
  .record({ point: text(64), who: fc.oneof(fc.record({ chip: text(64) }), fc.record({ bib: text(16) })), time, readId: fc.option(text(128), { nil: undefined }) })
  .map(({ who, readId, ...rest }) => ({ ...rest, ...who, ...(readId === undefined ? {} : { readId }) }));
/** The same with one thing changed: a key added, removed or given any value. */
const mutated = fc
  .tuple(read, fc.constantFrom('point', 'chip', 'bib', 'time', 'readId', 'other', '__proto__', 'constructor'), fc.oneof(anyValue, text(130)), fc.boolean())
  .map(([r, key, value, remove]) => {
    const copy: Record<string, unknown> = JSON.parse(JSON.stringify(r));
    if (remove) delete copy[key];
    else Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
    return copy;
  });

const agrees = (raw: unknown) => {
  const zod = readInputSchema.safeParse(raw);
  const fast = validReadOrNull(raw);
  expect(fast !== null, String(JSON.stringify(raw))).toBe(zod.success);
  if (zod.success) expect(fast).toEqual(zod.data);
};

describe('ingest fast path', () => {
  it('accepts a read exactly when readInputSchema does, with the same data', () => {
    fc.assert(fc.property(fc.oneof(read, mutated, anyValue), agrees), { numRuns: 8_000 });
  });

  it('takes a batch exactly when readBatchSchema does', () => {
    const batch = fc.oneof(
      fc.record({ reads: fc.oneof(fc.array(anyValue, { maxLength: 3 }), anyValue), other: anyValue }, { requiredKeys: ['reads'] }),
      fc.constantFrom({ reads: [] }, { reads: new Array(10_000).fill(1) }, { reads: new Array(10_001).fill(1) }, null, [], 'reads'),
      anyValue,
    );
    fc.assert(
      fc.property(batch, (body) => {
        const zod = readBatchSchema.safeParse(body);
        const fast = readBatchOrNull(body);
        expect(fast !== null).toBe(zod.success);
        if (zod.success) expect(fast).toEqual(zod.data.reads);
      }),
      { numRuns: 2_000 },
    );
  });
});
