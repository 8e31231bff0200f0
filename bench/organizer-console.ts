// The organizers' console at majors scale: one monitoring report (engine standings, read statistics
// from the real SQLite file, the pure rules), a race's results export, and checking an entrant
// CSV of the whole field. Mid-race, with one mat silent.
//   npm run bench:organizer [-- --quick]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import { EventEngine } from '../shared/engine/event-engine';
import { monitoringOptionsSchema } from '../shared/organizer';
import { monitoringReport } from '../server/organizer/monitoring/monitoring-report';
import { resultsCsv } from '../server/organizer/results-export';
import { entrantsFromRows, guessColumnMapping, parseCsv } from '../server/setup/entrant-rows';
import { planReads } from '../server/simulator/plan';
import { openDatabase } from '../server/storage/database';
import { ReadLog } from '../server/storage/read-log';
import { ReadStats } from '../server/storage/read-stats';
import { MARATHON_GUN, marathonEvent } from './support/marathon';
import { percentile, round } from './support/stats';
import type { BenchContext, BenchOutcome } from './support/types';

const SILENT_MAT = '25k';
const TARGET_REPORT_MS = 250;
// A download on demand, not a live path: a few seconds for a majors field is fine.
const TARGET_EXPORT_MS = 5000;
const TARGET_CSV_MS = 3000;

function timed<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const value = fn();
  return [value, performance.now() - start];
}

export async function organizerBenchmark({ quick, log }: BenchContext, size?: number): Promise<BenchOutcome> {
  const runners = size ?? (quick ? 500 : 50_000);
  const rounds = quick ? 5 : 20;
  const setup = marathonEvent(runners, 'organizer-bench');
  const now = MARATHON_GUN + 2.5 * 3600_000;
  const reads = planReads(setup, { seed: 3 }).filter((r) => r.time <= now && r.point !== SILENT_MAT);
  const dataDir = mkdtempSync(join(tmpdir(), 'splitcast-organizer-bench-'));
  const db = openDatabase(dataDir);
  try {
    const readLog = new ReadLog(db);
    const [stored, fillMs] = timed(() => {
      const out = [];
      // Stored as they would have arrived: one batch per mat-minute.
      for (let i = 0; i < reads.length; i += 2000) {
        const batch = reads.slice(i, i + 2000);
        out.push(...readLog.append(setup.id, batch.map((r) => ({ key: r.readId, point: r.point, chip: r.chip, bib: null, time: r.time, device: 'mat' })), batch.at(-1)!.time));
      }
      return out.filter((r) => r !== null);
    });
    const engine = new EventEngine(setup);
    const [, applyMs] = timed(() => stored.forEach((r) => engine.applyRead(r)));
    engine.takeChanges();
    log(`organizer: ${runners} runners, ${stored.length} reads stored in ${round(fillMs / 1000)} s, applied in ${round(applyMs / 1000)} s`);

    const stats = new ReadStats(db);
    const points = setup.races[0].timingPoints.map((p) => p.id);
    const options = monitoringOptionsSchema.parse({});
    const times: number[] = [];
    let report = null as ReturnType<typeof monitoringReport> | null;
    for (let i = 0; i < rounds; i++) {
      // What the monitoring service does every interval, the SQLite statistics included.
      const [r, ms] = timed(() =>
        monitoringReport({
          setup,
          runners: new Map(setup.races.map((race) => [race.id, engine.standings(race.id)])),
          stats: stats.byPoint(setup.id, points, now),
          devices: [{ id: 'mat', name: 'mats', lastSeenAt: now }],
          reviews: new Map(),
          unmatchedReads: 0,
          now,
          options,
        }),
      );
      report = r;
      times.push(ms);
    }
    const silent = report!.mats.filter((m) => m.silent).map((m) => m.point);
    const [csv, exportMs] = timed(() => {
      const entries = engine.leaderboard('marathon').entries.map((e) => ({ ...engine.runner(e.bib)!, places: e.places }));
      return resultsCsv(setup.races[0], entries, () => false);
    });
    const entrantCsv = Papa.unparse(setup.entrants.map((e) => ({ bib: e.bib, chip: e.chip, name: e.name, gender: e.gender, age: e.age, country: e.country, race: e.raceId })));
    const [checked, csvMs] = timed(() => {
      const parsed = parseCsv(entrantCsv);
      return entrantsFromRows(parsed.rows, { mapping: guessColumnMapping(parsed.headers), races: setup.races });
    });
    const p50 = round(percentile(times, 50));
    const p99 = round(percentile(times, 99));
    log(`organizer: report p50 ${p50} ms p99 ${p99} ms, ${report!.overdueTotal} overdue, ${report!.flaggedTotal} flagged, silent ${silent.join(',')}; export ${round(exportMs)} ms; entrant CSV ${round(csvMs)} ms`);
    return {
      figures: [
        { measure: `${runners} runners: monitoring report p50`, value: p50, unit: 'ms' },
        { measure: `${runners} runners: monitoring report p99`, value: p99, unit: 'ms', target: `< ${TARGET_REPORT_MS}`, met: p99 < TARGET_REPORT_MS },
        { measure: `${runners} runners: results CSV export`, value: round(exportMs), unit: 'ms', target: `< ${TARGET_EXPORT_MS}`, met: exportMs < TARGET_EXPORT_MS },
        { measure: `${runners} rows: entrant CSV checked`, value: round(csvMs), unit: 'ms', target: `< ${TARGET_CSV_MS}`, met: csvMs < TARGET_CSV_MS },
      ],
      details: {
        runners,
        reads: stored.length,
        rounds,
        reportMs: times.map((t) => round(t)),
        silentMats: silent,
        overdue: report!.overdueTotal,
        flagged: report!.flaggedTotal,
        exportBytes: csv.length,
        entrantsValid: checked.entrants.length,
        entrantProblems: checked.problems.length,
      },
    };
  } finally {
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  const loadBefore = loadavg().map((l) => l.toFixed(2)).join(' ');
  const size = process.argv.find((a) => a.startsWith('--runners='));
  const outcome = await organizerBenchmark({ quick, log: (m) => console.error(m) }, size ? Number(size.slice('--runners='.length)) : undefined);
  const loadAfter = loadavg().map((l) => l.toFixed(2)).join(' ');
  const report = { benchmark: 'organizer', startedAt: new Date().toISOString(), quick, machine: { cpus: cpus().length, node: process.version, loadBefore, loadAfter }, ...outcome };
  const dir = resolve(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `organizer-${quick ? 'quick' : 'full'}-${report.startedAt.replace(/[:.]/g, '-')}.json`), `${JSON.stringify(report, null, 2)}\n`);
  for (const f of outcome.figures) console.log(`| organizer | ${f.measure} | ${f.value} ${f.unit} | ${f.target ?? ''} | ${f.met === undefined ? '' : f.met ? 'yes' : 'NO'} |`);
  console.log(`${cpus().length} cores; load average before ${loadBefore}, after ${loadAfter}`);
}
