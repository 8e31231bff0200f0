// Snapshots' encoding: typed arrays written out of line come back equal, in their kind, wherever
// they sit (maps, arrays, objects), with what holds none left as it was; a file cut short is refused.
import { expect, it } from 'vitest';
import { decodeOutOfLine, encodeOutOfLine } from '../server/storage/out-of-line-encoding';

const bytesOf = (parts: Uint8Array[]) => Buffer.concat(parts);

it('gives back plain data with typed arrays of every kind, at any depth', () => {
  const value = {
    n: 3,
    s: 'é',
    none: null,
    list: [1, new Float64Array([1.5, -2, Date.UTC(2017, 3, 17)]), 'x'],
    map: new Map<string, unknown>([
      ['a', { bins: new Uint32Array([1, 2, 3]), count: 6 }],
      ['b', { plain: true }],
    ]),
    odd: new Uint8Array([1, 2, 3]),
    after: new Int32Array([-1, 2 ** 31 - 1]),
    view: new Float64Array(new ArrayBuffer(64), 8, 3).fill(7),
    empty: new Int16Array(0),
  };
  const back = decodeOutOfLine(bytesOf(encodeOutOfLine(value))) as typeof value;
  expect(back).toEqual(value);
  expect(back.after).toBeInstanceOf(Int32Array);
  expect((back.map.get('a') as { bins: Uint32Array }).bins).toBeInstanceOf(Uint32Array);
  expect([...back.view]).toEqual([7, 7, 7]);
});

it('refuses bytes of another encoding and a file cut short', () => {
  expect(decodeOutOfLine(Buffer.from('not a snapshot'))).toBeUndefined();
  const whole = bytesOf(encodeOutOfLine({ a: new Float64Array(100) }));
  expect(() => decodeOutOfLine(whole.subarray(0, whole.length - 8))).toThrow(/cut short/);
});
