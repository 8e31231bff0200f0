// Plain data (objects, arrays, maps, strings, numbers, typed arrays) as a small v8-serialized
// header and the bytes of its typed arrays written as they are. Serializing a snapshot whole copied
// every typed array into a buffer that grew by doubling: most of a snapshot's time on the event
// loop. Layout: "SCB1", the header's length (uint32 LE), the header, then each array's bytes,
// every one starting on a multiple of 8.
import { deserialize, serialize } from 'node:v8';

const MAGIC = Buffer.from('SCB1');
const ARRAYS = { Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array } as const;
type ArrayKind = keyof typeof ARRAYS;
type Typed = InstanceType<(typeof ARRAYS)[ArrayKind]>;

/** Where a typed array was: its place among the arrays written after the header, and its kind. */
interface Placeholder {
  outOfLineArray: number;
  kind: ArrayKind;
}

interface Header {
  value: unknown;
  byteLengths: number[];
}

/** The encoding as parts to write one after the other. They share the arrays' memory: leave those unchanged until written. */
export function encodeOutOfLine(value: unknown): Uint8Array[] {
  const arrays: Typed[] = [];
  const header = serialize({ value: lift(value, arrays), byteLengths: arrays.map((a) => a.byteLength) } satisfies Header);
  const head = Buffer.alloc(8);
  MAGIC.copy(head);
  head.writeUInt32LE(header.length, 4);
  const parts: Uint8Array[] = [head, header];
  let at = 8 + header.length;
  for (const a of arrays) {
    const pad = padding(at);
    if (pad > 0) parts.push(Buffer.alloc(pad));
    parts.push(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    at += pad + a.byteLength;
  }
  return parts;
}

/**
 * The value again; undefined when the bytes are not this encoding. Its typed arrays are views of
 * `bytes` where alignment allows: they keep `bytes` alive and change with it.
 */
export function decodeOutOfLine(bytes: Uint8Array): unknown {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 8 || !buffer.subarray(0, 4).equals(MAGIC)) return undefined;
  const length = buffer.readUInt32LE(4);
  const header = deserialize(buffer.subarray(8, 8 + length)) as Header;
  const offsets: number[] = [];
  let at = 8 + length;
  for (const byteLength of header.byteLengths) {
    at += padding(at);
    offsets.push(at);
    at += byteLength;
  }
  if (at > buffer.length) throw new Error('snapshot file cut short');
  return lower(header.value, ({ outOfLineArray: i, kind }) => {
    const Kind = ARRAYS[kind];
    const length = header.byteLengths[i] / Kind.BYTES_PER_ELEMENT;
    const start = buffer.byteOffset + offsets[i];
    // In place where the bytes are aligned for the kind (a file read whole is): no copy of hundreds of megabytes.
    if (start % Kind.BYTES_PER_ELEMENT === 0) return new Kind(buffer.buffer as ArrayBuffer, start, length);
    const array = new Kind(length);
    new Uint8Array(array.buffer).set(buffer.subarray(offsets[i], offsets[i] + header.byteLengths[i]));
    return array;
  });
}

function padding(at: number): number {
  return (8 - (at % 8)) % 8;
}

function isTyped(value: unknown): value is Typed {
  return ArrayBuffer.isView(value) && !(value instanceof DataView) && value.constructor.name in ARRAYS;
}

function isPlaceholder(value: unknown): value is Placeholder {
  return typeof value === 'object' && value !== null && 'outOfLineArray' in value && 'kind' in value;
}

/** The value with each typed array replaced by its placeholder (containers without one are kept as they are). */
function lift(value: unknown, arrays: Typed[]): unknown {
  if (isTyped(value)) {
    arrays.push(value);
    return { outOfLineArray: arrays.length - 1, kind: value.constructor.name as ArrayKind } satisfies Placeholder;
  }
  return mapContainer(value, (v) => lift(v, arrays));
}

function lower(value: unknown, array: (p: Placeholder) => Typed): unknown {
  if (isPlaceholder(value)) return array(value);
  return mapContainer(value, (v) => lower(v, array));
}

/** `value` with `f` applied to what it holds; the same value when nothing changed (no copy of large maps of plain rows). */
function mapContainer(value: unknown, f: (v: unknown) => unknown): unknown {
  if (value instanceof Map) {
    let out: Map<unknown, unknown> | null = null;
    let i = 0;
    for (const [k, v] of value) {
      const next = f(v);
      if (out === null && next !== v) {
        out = new Map();
        let j = 0;
        for (const [k2, v2] of value) {
          if (j++ === i) break;
          out.set(k2, v2);
        }
      }
      out?.set(k, next);
      i++;
    }
    return out ?? value;
  }
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    value.forEach((v, i) => {
      const next = f(v);
      if (out === null && next !== v) out = value.slice(0, i);
      out?.push(next);
    });
    return out ?? value;
  }
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    let out: Record<string, unknown> | null = null;
    for (const [k, v] of Object.entries(value)) {
      const next = f(v);
      if (out === null && next !== v) out = { ...value };
      if (out !== null) out[k] = next;
    }
    return out ?? value;
  }
  return value;
}
