// What the course map draws per second: a whole results file (Boston 2017: 26,400 runners) replayed
// through the pure engine in race-clock order at a replay speed (60× by default), one field update
// per wall second (60 s of race clock), encoded by the same encoder the server uses, against the
// JSON rows `race:update` carries for the same changes. Snapshots are measured every 10 min of race.
//   npx tsx bench/field-bandwidth.ts datasets/boston/2017.csv [--speed 60]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EventEngine } from '../shared/engine/event-engine';
import { encodeField, type FieldRow } from '../shared/field-stream';
import { publicRow } from '../server/live/public-view';
import { buildReplayEvent, RACE_ID } from '../server/replay/replay-event';
import { replayReads } from '../server/replay/read-batches';
import { parseResultsFile } from '../server/replay/results-file';

/** Socket.IO's text frame announcing a binary event, with the packet's small fields (measured ≈ 100 bytes). */
const EVENT_OVERHEAD = 110;

const { values, positionals } = parseArgs({ allowPositionals: true, options: { speed: { type: 'string', default: '60' } } });
const file = positionals[0] ?? path.resolve(import.meta.dirname, '../datasets/boston/2017.csv');
const speed = Number(values.speed);
const windowMs = 1000 * speed;
const loadBefore = loadavg().map((l) => l.toFixed(2)).join(' ');

const results = parseResultsFile(readFileSync(file, 'utf8'));
const gun = Date.parse('2017-04-17T14:00:00Z');
const event = buildReplayEvent(results, { eventId: 'boston', name: 'Boston', date: '2017-04-17', firstGun: gun, seed: 2017 });
const reads = replayReads(event, results.columns.splits.map((s) => s.header)).sort((a, b) => a.time - b.time);
const engine = new EventEngine(event.setup);
// Entrants as set up are in the state spectators load, not a change.
engine.takeChanges();

const indexOf = new Map<string, number>();
const sent = new Set<number>();
const perSecond: { field: number; rows: number; runners: number }[] = [];
const snapshots: { at: number; runners: number; field: number; rows: number }[] = [];
let seq = 0;
let next = 0;
let nextSnapshot = gun;
for (let until = reads[0].time + windowMs; next < reads.length; until += windowMs) {
  while (next < reads.length && reads[next].time <= until) {
    const r = reads[next++];
    engine.applyRead({ seq: next, point: r.point, chip: null, bib: r.bib, time: r.time, device: null });
  }
  const changes = engine.takeChanges().find((c) => c.raceId === RACE_ID);
  if (changes && changes.runners.length > 0) {
    const entries: [number, string][] = [];
    const runners: { index: number; row: FieldRow }[] = [];
    for (const row of changes.runners) {
      if (row.private) continue;
      let index = indexOf.get(row.bib);
      if (index === undefined) indexOf.set(row.bib, (index = indexOf.size));
      if (!sent.has(index)) entries.push([index, row.bib]);
      sent.add(index);
      runners.push({ index, row });
    }
    const field = encodeField({ kind: 'update', seq: ++seq, entries, runners, removed: [], positions: [] }).byteLength + EVENT_OVERHEAD;
    const rows = JSON.stringify({ eventId: 'boston', raceId: RACE_ID, seq, counters: engine.counters(RACE_ID), runners: changes.runners.map(publicRow), removed: [] }).length;
    perSecond.push({ field, rows, runners: runners.length });
    if (runners.length > 3000) console.error(`big update at ${((until - gun) / 60_000).toFixed(0)} min of race: ${runners.length} runners`);
  }
  if (until >= nextSnapshot) {
    nextSnapshot += 10 * 60_000;
    const all = engine.standings(RACE_ID).filter((r) => !r.private);
    for (const r of all) if (!indexOf.has(r.bib)) indexOf.set(r.bib, indexOf.size);
    const field = encodeField({ kind: 'snapshot', seq, entries: all.map((r) => [indexOf.get(r.bib)!, r.bib]), runners: all.map((row) => ({ index: indexOf.get(row.bib)!, row })), removed: [], positions: [] }).byteLength;
    snapshots.push({ at: until, runners: all.length, field, rows: JSON.stringify(all.map(publicRow)).length });
  }
}

const kb = (b: number) => Math.round(b / 102.4) / 10;
const max = (xs: number[]) => xs.reduce((a, b) => Math.max(a, b), 0);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const peakSnapshot = snapshots.reduce((a, b) => (b.field > a.field ? b : a));
const report = {
  file: path.basename(file),
  speed,
  runners: event.setup.entrants.length,
  reads: reads.length,
  wallSeconds: perSecond.length,
  fieldKBps: { mean: kb(mean(perSecond.map((s) => s.field))), max: kb(max(perSecond.map((s) => s.field))) },
  rowsKBps: { mean: kb(mean(perSecond.map((s) => s.rows))), max: kb(max(perSecond.map((s) => s.rows))) },
  runnersPerUpdate: { mean: Math.round(mean(perSecond.map((s) => s.runners))), max: max(perSecond.map((s) => s.runners)) },
  peakSnapshot: { runners: peakSnapshot.runners, fieldKB: kb(peakSnapshot.field), rowsKB: kb(peakSnapshot.rows), bytesPerRunner: Math.round((peakSnapshot.field / peakSnapshot.runners) * 10) / 10 },
  loadBefore,
  loadAfter: loadavg().map((l) => l.toFixed(2)).join(' '),
};
console.log(JSON.stringify(report, null, 2));
const dir = path.resolve(import.meta.dirname, 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, `field-bandwidth-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), `${JSON.stringify(report, null, 2)}\n`);
