// A race's field as the map holds it: one slot per runner index, columns of numbers, kept from a
// snapshot and the updates after it by the sequence rule (a gap means a fresh snapshot).
import { statusOfCode } from './board/statuses';
import { sequenceStep } from './sequence';
import { decodeField, encodeField, STATUS_MASK, type FieldMessage, type FieldPosition, type FieldRow } from './field-stream';
import type { RunnerStatus } from './views';

export interface Field {
  seq: number;
  /** Slots in use: indices below this may hold a runner. */
  size: number;
  /** Bib of each slot ('' for none). */
  bibs: string[];
  present: Uint8Array;
  lastDistance: Float64Array;
  startTime: Float64Array;
  lastTime: Float64Array;
  lastNet: Float64Array;
  nextEta: Float64Array;
  etaLow: Float64Array;
  etaHigh: Float64Array;
  status: Uint8Array;
  /** The latest phone-tracker fix per slot (NaN time: none). */
  gpsDistance: Float64Array;
  gpsTime: Float64Array;
  gpsSpeed: Float64Array;
  /** Bumped on every change, so views can memoise on it. */
  version: number;
}

const NUMBER_COLUMNS = ['lastDistance', 'startTime', 'lastTime', 'lastNet', 'nextEta', 'etaLow', 'etaHigh', 'gpsDistance', 'gpsTime', 'gpsSpeed'] as const;

export function emptyField(): Field {
  return {
    seq: 0,
    size: 0,
    bibs: [],
    present: new Uint8Array(0),
    lastDistance: new Float64Array(0),
    startTime: new Float64Array(0),
    lastTime: new Float64Array(0),
    lastNet: new Float64Array(0),
    nextEta: new Float64Array(0),
    etaLow: new Float64Array(0),
    etaHigh: new Float64Array(0),
    status: new Uint8Array(0),
    gpsDistance: new Float64Array(0),
    gpsTime: new Float64Array(0),
    gpsSpeed: new Float64Array(0),
    version: 0,
  };
}

/** Room for slot `index`, growing every column by doubling. */
function reserve(field: Field, index: number): void {
  if (index < field.present.length) {
    if (index >= field.size) field.size = index + 1;
    return;
  }
  const length = Math.max(16, field.present.length * 2, index + 1);
  const grow = <T extends Float64Array | Uint8Array>(old: T, make: (n: number) => T, fill?: number): T => {
    const next = make(length);
    if (fill !== undefined) next.fill(fill);
    next.set(old);
    return next;
  };
  field.present = grow(field.present, (n) => new Uint8Array(n));
  field.status = grow(field.status, (n) => new Uint8Array(n));
  for (const key of NUMBER_COLUMNS) field[key] = grow(field[key], (n) => new Float64Array(n), NaN);
  field.size = index + 1;
}

export type FieldOutcome = 'applied' | 'stale' | 'gap';

/** Apply a message in place: a snapshot replaces everything, an update must follow the last one. */
export function applyField(field: Field, msg: FieldMessage): FieldOutcome {
  if (msg.kind === 'snapshot') {
    Object.assign(field, { ...emptyField(), version: field.version });
  } else {
    const step = sequenceStep(field.seq, msg.seq);
    if (step === 'duplicate') return 'stale';
    if (step === 'gap') return 'gap';
  }
  const { entries, runners, removed, positions } = msg;
  for (let k = 0; k < entries.index.length; k++) {
    reserve(field, entries.index[k]);
    field.bibs[entries.index[k]] = entries.bibs[k];
  }
  for (let k = 0; k < runners.index.length; k++) {
    const i = runners.index[k];
    reserve(field, i);
    field.present[i] = 1;
    field.lastDistance[i] = runners.lastDistance[k];
    field.startTime[i] = runners.startTime[k];
    field.lastTime[i] = runners.lastTime[k];
    field.lastNet[i] = runners.lastNet[k];
    field.nextEta[i] = runners.nextEta[k];
    field.etaLow[i] = runners.etaLow[k];
    field.etaHigh[i] = runners.etaHigh[k];
    field.status[i] = runners.status[k];
  }
  for (const i of removed) {
    if (i >= field.size) continue;
    field.present[i] = 0;
    field.gpsTime[i] = NaN;
  }
  for (let k = 0; k < positions.index.length; k++) setPosition(field, positions.index[k], positions.distance[k], positions.time[k], positions.speed[k]);
  field.seq = msg.seq;
  field.version += 1;
  return 'applied';
}

/** A phone-tracker fix for a slot in the field; an older fix than the one held is ignored. */
export function setPosition(field: Field, index: number, distance: number, time: number, speed: number): boolean {
  if (index >= field.size || !field.present[index]) return false;
  if (field.gpsTime[index] >= time) return false;
  field.gpsDistance[index] = distance;
  field.gpsTime[index] = time;
  field.gpsSpeed[index] = speed;
  field.version += 1;
  return true;
}

export const statusOf = (field: Field, index: number): RunnerStatus => statusOfCode(field.status[index] & STATUS_MASK);

const orNull = (v: number) => (Number.isNaN(v) ? null : v);

/** One slot as the row fields the estimate reads (private is never in a field). */
export function fieldRow(field: Field, index: number): FieldRow {
  const low = field.etaLow[index];
  const high = field.etaHigh[index];
  return {
    bib: field.bibs[index],
    status: statusOf(field, index),
    private: false,
    lastDistance: field.lastDistance[index],
    lastTime: orNull(field.lastTime[index]),
    lastNet: orNull(field.lastNet[index]),
    startTime: orNull(field.startTime[index]),
    nextEta: orNull(field.nextEta[index]),
    nextEtaRange: Number.isNaN(low) || Number.isNaN(high) ? null : [low, high],
    flags: field.status[index] & ~STATUS_MASK ? ['provisional'] : [],
  };
}

/**
 * Rows (a past moment fetched over HTTP, or the screen's whole race) as a field, through the same
 * encoder the stream uses, so the map has one input whatever feeds it.
 */
export function fieldFromRows(rows: Iterable<FieldRow>, positions: (Omit<FieldPosition, 'index'> & { bib: string })[] = [], seq = 0): Field {
  const entries: [number, string][] = [];
  const runners: { index: number; row: FieldRow }[] = [];
  const indexOf = new Map<string, number>();
  for (const row of rows) {
    if (row.private) continue;
    indexOf.set(row.bib, entries.length);
    runners.push({ index: entries.length, row });
    entries.push([entries.length, row.bib]);
  }
  const fixes: FieldPosition[] = [];
  for (const p of positions) {
    const index = indexOf.get(p.bib);
    if (index !== undefined) fixes.push({ index, distance: p.distance, time: p.time, speed: p.speed });
  }
  const field = emptyField();
  applyField(field, decodeField(encodeField({ kind: 'snapshot', seq, entries, runners, removed: [], positions: fixes })));
  return field;
}

/** Every present slot's index. */
export function* presentIndices(field: Field): Generator<number> {
  for (let i = 0; i < field.size; i++) if (field.present[i]) yield i;
}
