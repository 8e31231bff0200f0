// The map's binary field against the rows it stands for: a real engine state (a sample of Boston
// 2017 replayed into the pure engine) encoded, decoded and drawn gives what the rows give.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EventEngine } from '../shared/engine/event-engine';
import type { Race } from '../shared/domain';
import type { RunnerDetail } from '../shared/views';
import { decodeField, encodeField, FieldFormatError, BYTES_PER_RUNNER, type FieldRow } from '../shared/field-stream';
import { applyField, emptyField, fieldFromRows, fieldRow, presentIndices, type Field } from '../shared/field-state';
import { buildReplayEvent, RACE_ID } from '../server/replay/replay-event';
import { replayReads, type ReplayRead } from '../server/replay/read-batches';
import { parseResultsFile } from '../server/replay/results-file';
import { estimate, trackable } from '../client/src/map/runner-estimate';

const FILE = path.resolve(__dirname, '../datasets/boston/2017.csv');
const SAMPLE = 600;
const HOUR = 3_600_000;

let engine: EventEngine;
let race: Race;
let reads: ReplayRead[];
let gun: number;
let applied = 0;
const privateBib = { bib: '' };

/** Feed the engine every read up to `until`. */
function runTo(until: number): void {
  while (applied < reads.length && reads[applied].time <= until) {
    const r = reads[applied++];
    engine.applyRead({ seq: applied, point: r.point, chip: null, bib: r.bib, time: r.time, device: null });
  }
}

function snapshotOf(rows: RunnerDetail[], indexOf: Map<string, number>, seq: number): Uint8Array {
  for (const r of rows) if (!indexOf.has(r.bib)) indexOf.set(r.bib, indexOf.size);
  const present = rows.filter((r) => !r.private);
  return encodeField({
    kind: 'snapshot',
    seq,
    entries: present.map((r) => [indexOf.get(r.bib)!, r.bib]),
    runners: present.map((row) => ({ index: indexOf.get(row.bib)!, row })),
    removed: [],
    positions: [],
  });
}

function expectSameAsRows(field: Field, rows: RunnerDetail[], indexOf: Map<string, number>): void {
  const publicRows = rows.filter((r) => !r.private);
  expect([...presentIndices(field)].length).toBe(publicRows.length);
  for (const row of publicRows) {
    const got = fieldRow(field, indexOf.get(row.bib)!);
    const want: FieldRow = { ...row, flags: row.flags.length ? ['provisional'] : [] };
    expect(got, row.bib).toEqual({
      bib: want.bib,
      status: want.status,
      private: false,
      lastDistance: want.lastDistance,
      lastTime: want.lastTime,
      lastNet: want.lastNet,
      startTime: want.startTime,
      nextEta: want.nextEta,
      nextEtaRange: want.nextEtaRange,
      flags: want.flags,
    });
  }
}

beforeAll(() => {
  const file = parseResultsFile(readFileSync(FILE, 'utf8'));
  gun = Date.parse('2017-04-17T14:00:00Z');
  const event = buildReplayEvent(file, { eventId: 'boston', name: 'Boston', date: '2017-04-17', firstGun: gun, seed: 7 });
  const keep = new Set(event.runners.filter((_, i) => i % Math.floor(event.runners.length / SAMPLE) === 0).map((r) => r.row.bib));
  event.runners = event.runners.filter((r) => keep.has(r.row.bib));
  privateBib.bib = event.runners[3].row.bib;
  event.setup = { ...event.setup, entrants: event.setup.entrants.filter((e) => keep.has(e.bib)).map((e) => (e.bib === privateBib.bib ? { ...e, private: true } : e)) };
  reads = replayReads(event, file.columns.splits.map((s) => s.header)).sort((a, b) => a.time - b.time);
  engine = new EventEngine(event.setup);
  race = engine.race(RACE_ID)!;
});

describe('field stream', () => {
  it('decodes to the rows of a real race, and the map places every runner where the rows do', () => {
    runTo(gun + 2 * HOUR);
    engine.takeChanges();
    const rows = engine.standings(RACE_ID);
    expect(rows.filter((r) => r.status === 'onCourse').length).toBeGreaterThan(SAMPLE / 3);
    const indexOf = new Map<string, number>();
    const bytes = snapshotOf(rows, indexOf, 5);
    const field = emptyField();
    expect(applyField(field, decodeField(bytes))).toBe('applied');
    expect(field.seq).toBe(5);
    expectSameAsRows(field, rows, indexOf);
    expect(field.bibs.includes(privateBib.bib)).toBe(false);

    let drawn = 0;
    for (const row of rows) {
      if (row.private) continue;
      const fromRow = trackable(row, race);
      const fromField = trackable(fieldRow(field, indexOf.get(row.bib)!), race);
      expect(fromField === null, row.bib).toBe(fromRow === null);
      if (!fromRow || !fromField) continue;
      drawn++;
      for (const at of [gun + 2 * HOUR, gun + 2 * HOUR + 7 * 60_000]) expect(estimate(fromField, at), row.bib).toEqual(estimate(fromRow, at));
    }
    expect(drawn).toBeGreaterThan(SAMPLE / 3);
    const perRunner = (bytes.byteLength - 40) / (rows.length - 1);
    console.log(`field snapshot: ${rows.length - 1} runners, ${bytes.byteLength} bytes, ${perRunner.toFixed(1)} bytes a runner (${BYTES_PER_RUNNER} in columns)`);
    // The columns, plus in a snapshot each runner's index and bib once as text.
    expect(perRunner).toBeLessThan(BYTES_PER_RUNNER + 4 + 8);
  });

  it('an update of the changed runners applied to a snapshot equals a new snapshot', () => {
    runTo(gun + 2 * HOUR + 10 * 60_000);
    engine.takeChanges();
    const indexOf = new Map<string, number>();
    const field = emptyField();
    applyField(field, decodeField(snapshotOf(engine.standings(RACE_ID), indexOf, 1)));
    runTo(gun + 2 * HOUR + 25 * 60_000);
    const [changes] = engine.takeChanges();
    const changed = changes.runners.filter((r) => !r.private);
    expect(changed.length).toBeGreaterThan(20);
    const update = encodeField({ kind: 'update', seq: 2, entries: [], runners: changed.map((row) => ({ index: indexOf.get(row.bib)!, row })), removed: [], positions: [] });
    expect(applyField(field, decodeField(update))).toBe('applied');
    const fresh = emptyField();
    applyField(fresh, decodeField(snapshotOf(engine.standings(RACE_ID), indexOf, 2)));
    expectSameAsRows(field, engine.standings(RACE_ID), indexOf);
    for (const key of ['present', 'lastDistance', 'startTime', 'lastTime', 'lastNet', 'nextEta', 'etaLow', 'etaHigh', 'status'] as const) {
      expect(Array.from(field[key].subarray(0, field.size)), key).toEqual(Array.from(fresh[key].subarray(0, fresh.size)));
    }
    // Out of order: a repeat is stale, a skipped number is a gap that leaves the field untouched.
    expect(applyField(field, decodeField(update))).toBe('stale');
    const ahead = encodeField({ kind: 'update', seq: 4, entries: [], runners: [], removed: [indexOf.get(changed[0].bib)!], positions: [] });
    expect(applyField(field, decodeField(ahead))).toBe('gap');
    expect(field.present[indexOf.get(changed[0].bib)!]).toBe(1);
  });

  it('adds new runners, removes those who left, and carries phone-tracker fixes', () => {
    const rows = engine.standings(RACE_ID).filter((r) => !r.private && r.status === 'onCourse').slice(0, 3);
    const field = fieldFromRows(rows.slice(0, 2), [{ bib: rows[0].bib, distance: 12_345.678, time: gun + HOUR, speed: 3.5 }], 3);
    expect(field.gpsDistance[0]).toBe(12_345.678);
    expect(field.gpsSpeed[0]).toBe(3.5);
    expect(field.gpsTime[0]).toBe(gun + HOUR);
    const update = encodeField({ kind: 'update', seq: 4, entries: [[2, rows[2].bib]], runners: [{ index: 2, row: rows[2] }], removed: [0], positions: [{ index: 1, distance: 20_000, time: gun + HOUR, speed: null }] });
    applyField(field, decodeField(update));
    expect([...presentIndices(field)]).toEqual([1, 2]);
    expect(field.bibs[2]).toBe(rows[2].bib);
    expect(Number.isNaN(field.gpsTime[0])).toBe(true);
    expect(field.gpsDistance[1]).toBe(20_000);
    expect(Number.isNaN(field.gpsSpeed[1])).toBe(true);
  });

  it('never encodes a private runner, and refuses bytes that are not a field message', () => {
    const row = engine.runner(privateBib.bib)!;
    expect(row.private).toBe(true);
    const bytes = encodeField({ kind: 'snapshot', seq: 1, entries: [], runners: [{ index: 0, row }], removed: [], positions: [] });
    expect(decodeField(bytes).runners.index.length).toBe(0);
    expect(() => decodeField(new Uint8Array(10))).toThrow(FieldFormatError);
    expect(() => decodeField(new Uint8Array(64))).toThrow(FieldFormatError);
    const good = encodeField({ kind: 'update', seq: 1, entries: [[0, 'A']], runners: [], removed: [], positions: [] });
    expect(() => decodeField(good.subarray(0, good.length - 1))).toThrow(FieldFormatError);
    // A message inside a larger, unaligned buffer (as a socket may hand it over) decodes the same.
    const shifted = new Uint8Array(good.length + 3);
    shifted.set(good, 3);
    expect(decodeField(shifted.subarray(3)).entries.bibs).toEqual(['A']);
  });
});
