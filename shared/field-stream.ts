// The course map's input as one compact binary message: every public runner's estimate inputs
// (last distance and time, start, ETA and its range, status) as packed columns, a few bytes a
// runner instead of a JSON row. A race's stream numbers each runner once (its index); bibs travel
// as text only when an index is first given out, or in a snapshot. A snapshot lists everything; an
// update lists the runners that changed, the indices newly given out and the runners that left.
// Phone-tracker fixes ride along as their own columns. Pure: used by the server, the client and
// the tests alike. Typed arrays are little-endian on every platform this runs on.
import { STATUS_CODES } from './board/statuses';
import type { RunnerRow } from './views';

/** The fields of a row the map's estimate reads. */
export type FieldRow = Pick<RunnerRow, 'bib' | 'status' | 'private' | 'lastDistance' | 'lastTime' | 'lastNet' | 'startTime' | 'nextEta' | 'nextEtaRange' | 'flags'>;

export interface FieldPosition {
  index: number;
  /** Metres from the start along the course. */
  distance: number;
  /** Epoch ms of the fix. */
  time: number;
  /** Metres per second; null when the tracker sent none. */
  speed: number | null;
}

export interface FieldMessageInput {
  kind: 'snapshot' | 'update';
  seq: number;
  /** Indices with their bibs: in a snapshot every runner present, in an update the new ones. */
  entries: [index: number, bib: string][];
  runners: { index: number; row: FieldRow }[];
  removed: number[];
  positions: FieldPosition[];
}

/** A decoded message: columns, one entry per runner listed. Times are epoch ms; NaN stands for none. */
export interface FieldMessage {
  kind: 'snapshot' | 'update';
  seq: number;
  entries: { index: Uint32Array; bibs: string[] };
  runners: FieldColumns;
  removed: Uint32Array;
  positions: { index: Uint32Array; distance: Float64Array; time: Float64Array; speed: Float64Array };
}

export interface FieldColumns {
  index: Uint32Array;
  lastDistance: Float64Array;
  startTime: Float64Array;
  lastTime: Float64Array;
  lastNet: Float64Array;
  nextEta: Float64Array;
  etaLow: Float64Array;
  etaHigh: Float64Array;
  /** Status code (shared/board/statuses.ts) in the low 3 bits; PROVISIONAL_BIT when the reads hold an anomaly. */
  status: Uint8Array;
}

export const STATUS_MASK = 0b111;
export const PROVISIONAL_BIT = 0b1000;

const MAGIC = 0x31464353; // "SCF1"
const HEADER_BYTES = 40;
const NONE = -0x80000000;
const MAX_REL = 0x7fffffff;
const MAX_MM = 0xffffffff;
/** Bytes per runner in the columns (bib text not counted). */
export const BYTES_PER_RUNNER = 8 * 4 + 1;
const BYTES_PER_POSITION = 16;
/** Refuse absurd counts before allocating anything for them. */
const MAX_COUNT = 1_000_000;

export class FieldFormatError extends Error {}

const toMm = (metres: number) => Math.min(MAX_MM, Math.max(0, Math.round(metres * 1000)));

/** Encode one message; private rows are left out whatever the caller passes. */
export function encodeField(input: FieldMessageInput): Uint8Array {
  const runners = input.runners.filter((r) => !r.row.private);
  let base = Infinity;
  const see = (t: number | null | undefined) => {
    if (t !== null && t !== undefined && Number.isFinite(t) && t < base) base = t;
  };
  for (const { row } of runners) {
    see(row.startTime);
    see(row.lastTime);
    see(row.nextEta);
    see(row.nextEtaRange?.[0]);
    see(row.nextEtaRange?.[1]);
  }
  for (const p of input.positions) see(p.time);
  base = Number.isFinite(base) ? Math.floor(base) : 0;
  const rel = (t: number | null | undefined) => {
    if (t === null || t === undefined || !Number.isFinite(t)) return NONE;
    const v = Math.round(t - base);
    return v >= 0 && v <= MAX_REL ? v : NONE;
  };
  const plain = (v: number | null) => (v === null || !Number.isFinite(v) || Math.abs(v) > MAX_REL ? NONE : Math.round(v));

  const bibText = new TextEncoder().encode(input.entries.map(([, bib]) => bib).join('\n'));
  const n = runners.length;
  const e = input.entries.length;
  const r = input.removed.length;
  const p = input.positions.length;
  const wordsAt = HEADER_BYTES;
  const words = e + 8 * n + r + 4 * p;
  const statusAt = wordsAt + words * 4;
  const bibsAt = statusAt + n;
  const bytes = new Uint8Array(bibsAt + bibText.length);
  const head = new Uint32Array(bytes.buffer, 0, 8);
  head.set([MAGIC, input.kind === 'snapshot' ? 0 : 1, input.seq, n, e, r, p, bibText.length]);
  new Float64Array(bytes.buffer, 32, 1)[0] = base;
  const u32 = new Uint32Array(bytes.buffer, wordsAt, words);
  const i32 = new Int32Array(bytes.buffer, wordsAt, words);
  const f32 = new Float32Array(bytes.buffer, wordsAt, words);
  let at = 0;
  for (const [index] of input.entries) u32[at++] = index;
  const column = (fill: (k: number) => void) => {
    for (let k = 0; k < n; k++) fill(k);
    at += n;
  };
  column((k) => (u32[at + k] = runners[k].index));
  column((k) => (u32[at + k] = toMm(runners[k].row.lastDistance)));
  column((k) => (i32[at + k] = rel(runners[k].row.startTime)));
  column((k) => (i32[at + k] = rel(runners[k].row.lastTime)));
  column((k) => (i32[at + k] = plain(runners[k].row.lastNet)));
  column((k) => (i32[at + k] = rel(runners[k].row.nextEta)));
  column((k) => (i32[at + k] = rel(runners[k].row.nextEtaRange?.[0])));
  column((k) => (i32[at + k] = rel(runners[k].row.nextEtaRange?.[1])));
  for (const index of input.removed) u32[at++] = index;
  for (const pos of input.positions) u32[at++] = pos.index;
  for (const pos of input.positions) u32[at++] = toMm(pos.distance);
  for (const pos of input.positions) i32[at++] = rel(pos.time);
  for (const pos of input.positions) f32[at++] = pos.speed ?? NaN;
  for (let k = 0; k < n; k++) {
    const row = runners[k].row;
    bytes[statusAt + k] = STATUS_CODES[row.status] | (row.flags.length > 0 ? PROVISIONAL_BIT : 0);
  }
  bytes.set(bibText, bibsAt);
  return bytes;
}

/** Decode one message; throws FieldFormatError when the bytes are not one. */
export function decodeField(data: ArrayBuffer | ArrayBufferView): FieldMessage {
  const view = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (view.byteLength < HEADER_BYTES) throw new FieldFormatError('field message too short');
  // Typed views need aligned offsets: a message inside a larger buffer is copied out first.
  const bytes = view.byteOffset % 8 === 0 ? view : view.slice();
  const head = new Uint32Array(bytes.buffer, bytes.byteOffset, 8);
  const [magic, kind, seq, n, e, r, p, bibBytes] = head;
  if (magic !== MAGIC || kind > 1) throw new FieldFormatError('not a field message');
  if (n > MAX_COUNT || e > MAX_COUNT || r > MAX_COUNT || p > MAX_COUNT) throw new FieldFormatError('field message counts out of range');
  const base = new Float64Array(bytes.buffer, bytes.byteOffset + 32, 1)[0];
  const words = e + 8 * n + r + 4 * p;
  const statusAt = HEADER_BYTES + words * 4;
  if (bytes.byteLength !== statusAt + n + bibBytes) throw new FieldFormatError('field message length does not match its header');
  const u32 = new Uint32Array(bytes.buffer, bytes.byteOffset + HEADER_BYTES, words);
  const i32 = new Int32Array(bytes.buffer, bytes.byteOffset + HEADER_BYTES, words);
  const f32 = new Float32Array(bytes.buffer, bytes.byteOffset + HEADER_BYTES, words);
  let at = 0;
  const take = (count: number) => {
    const from = at;
    at += count;
    return from;
  };
  const indices = (count: number) => {
    const from = take(count);
    return u32.slice(from, from + count);
  };
  const times = (count: number, offset: number) => {
    const from = take(count);
    const out = new Float64Array(count);
    for (let k = 0; k < count; k++) out[k] = i32[from + k] === NONE ? NaN : i32[from + k] + offset;
    return out;
  };
  const metres = (count: number) => {
    const from = take(count);
    const out = new Float64Array(count);
    for (let k = 0; k < count; k++) out[k] = u32[from + k] / 1000;
    return out;
  };
  const entryIndex = indices(e);
  const runners: FieldColumns = {
    index: indices(n),
    lastDistance: metres(n),
    startTime: times(n, base),
    lastTime: times(n, base),
    lastNet: times(n, 0),
    nextEta: times(n, base),
    etaLow: times(n, base),
    etaHigh: times(n, base),
    status: bytes.slice(statusAt, statusAt + n),
  };
  const removed = indices(r);
  const posIndex = indices(p);
  const posDistance = metres(p);
  const posTime = times(p, base);
  const speedAt = take(p);
  const speed = Float64Array.from(f32.subarray(speedAt, speedAt + p));
  const text = new TextDecoder().decode(bytes.subarray(statusAt + n, statusAt + n + bibBytes));
  const bibs = e === 0 ? [] : text.split('\n');
  if (bibs.length !== e) throw new FieldFormatError('field message bib table does not match its header');
  return {
    kind: kind === 0 ? 'snapshot' : 'update',
    seq,
    entries: { index: entryIndex, bibs },
    runners,
    removed,
    positions: { index: posIndex, distance: posDistance, time: posTime, speed },
  };
}
