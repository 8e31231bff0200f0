// npm run replay:results -- <results.csv> --out <results.json> [--url <server> --token <device token>]
//   [--seed N] [--shuffle <seconds>] [--duplicates <fraction>] [--speed <times real time>]
//   [--age-groups 18,35,40,...] [--sample N] [--date YYYY-MM-DD] [--gun HH:MM (UTC)] [--event <id>]
//   [--batch-seconds s] [--setup-out <setup.json>] [--time-zone America/New_York]
//   [--history <past results.csv> …] (earlier years on the course: the projections' prior)
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { seededRandom } from '../../shared/random';
import { checkReplay } from './check-replay';
import { replayEventFor, replayResults } from './replay-results';
import { parseResultsFile, ResultsFileError } from './results-file';
import { HistoryFileError, historyFromResults } from './history-file';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string' },
    'setup-out': { type: 'string' },
    url: { type: 'string' },
    token: { type: 'string' },
    seed: { type: 'string', default: '1' },
    shuffle: { type: 'string', default: '0' },
    duplicates: { type: 'string', default: '0' },
    speed: { type: 'string' },
    'age-groups': { type: 'string' },
    sample: { type: 'string' },
    date: { type: 'string' },
    'time-zone': { type: 'string' },
    gun: { type: 'string', default: '14:00' },
    event: { type: 'string', default: 'replay' },
    'batch-seconds': { type: 'string' },
    history: { type: 'string', multiple: true },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const numberOption = (name: string, text: string | undefined, check: (n: number) => boolean): number | undefined => {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || !check(n)) fail(`--${name}: "${text}" is not allowed`);
  return n;
};

const path = positionals[0];
if (!path || !(values.out || values['setup-out'])) fail('usage: npm run replay:results -- <results.csv> --out <results.json> [--url <server> --token <token>] [--seed N] [--shuffle s] [--duplicates f] [--speed x]');
if (values.url && !values.token) fail('with --url, give the device token of the event there: --token <token>');
const seed = numberOption('seed', values.seed, Number.isInteger)!;
const ageGroups = values['age-groups']?.split(',').map((s) => numberOption('age-groups', s.trim(), (n) => Number.isInteger(n) && n >= 0)!);
const year = /(19|20)\d\d/.exec(basename(path))?.[0];

let file;
try {
  file = parseResultsFile(readFileSync(path, 'utf8'));
} catch (err) {
  fail(err instanceof ResultsFileError ? err.message : `cannot read ${path}: ${(err as Error).message}`);
}
for (const p of file.problems) console.error(`line ${p.line}${p.field ? ` (${p.field})` : ''}: ${p.message}; row left out`);

let only: Set<string> | undefined;
const sample = numberOption('sample', values.sample, (n) => Number.isInteger(n) && n > 0);
if (sample !== undefined) {
  const random = seededRandom(seed);
  const bibs = file.rows.map((r) => r.bib);
  for (let i = bibs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [bibs[i], bibs[j]] = [bibs[j], bibs[i]];
  }
  only = new Set(bibs.slice(0, sample));
}

const history = (values.history ?? []).map((historyPath, i) => {
  try {
    const summed = historyFromResults(readFileSync(historyPath, 'utf8'), { id: `y${i + 1}`, name: basename(historyPath), uploadedAt: Date.now() });
    console.error(`history ${basename(historyPath)}: ${summed.finishers} finishers`);
    return summed;
  } catch (err) {
    fail(`--history ${historyPath}: ${err instanceof HistoryFileError ? err.message : (err as Error).message}`);
  }
});

const replayOptions = {
  history,
  file,
  eventId: values.event,
  name: `Results replay ${basename(path)}`,
  date: values.date ?? (year ? `${year}-04-20` : undefined),
  gun: values.gun,
  timeZone: values['time-zone'],
  seed,
  ageGroups,
  only,
  shuffleSeconds: numberOption('shuffle', values.shuffle, (n) => n >= 0),
  duplicates: numberOption('duplicates', values.duplicates, (n) => n >= 0 && n <= 1),
  speed: numberOption('speed', values.speed, (n) => n > 0),
  batchSeconds: numberOption('batch-seconds', values['batch-seconds'], (n) => n > 0),
  url: values.url,
  token: values.token,
  // With --url: that server's CLUSTER_TOKEN, for following the whole race as it is published.
  clusterToken: process.env.CLUSTER_TOKEN,
  onProgress: (line: string) => process.stderr.write(`\r${line}   `),
};
if (values['setup-out']) {
  // The event set-up, for creating the same event on the server that --url feeds.
  writeFileSync(values['setup-out'], JSON.stringify(replayEventFor(replayOptions).setup, null, 1));
  console.error(`wrote the event set-up to ${values['setup-out']}`);
  if (!values.out) process.exit(0);
}
const report = await replayResults(replayOptions);
process.stderr.write('\n');
for (const p of report.event.problems) console.error(`line ${p.line}${p.field ? ` (${p.field})` : ''}: ${p.message}; row left out`);
const countryWarnings = report.warnings.filter((w) => w.field === 'country');
for (const w of countryWarnings.slice(0, 20)) console.error(`line ${w.line}: ${w.message}`);
if (countryWarnings.length > 20) console.error(`… ${countryWarnings.length - 20} more unknown country codes kept as given`);
for (const w of report.warnings.filter((w) => w.field !== 'country')) console.error(`note: ${w.message}`);
writeFileSync(values.out!, JSON.stringify(report.output));

const check = checkReplay(file, report.output, { ageGroups });
const s = report.output.summary;
console.error(`${s.runners} runners, ${s.reads} reads (${s.accepted} accepted, ${s.duplicates} duplicates, ${s.rejected} rejected) in ${s.seconds.toFixed(1)} s`);
console.error(`net times: ${check.finishers - check.netTimeMismatches.length}/${check.finishers} equal to the official time; place mismatches: ${check.placeMismatches.length}`);
for (const m of check.netTimeMismatches.slice(0, 5)) console.error(`  bib ${m.bib}: official ${m.official} s, replay ${m.replay}`);
for (const bib of check.officialConflicts) console.error(`  bib ${bib}: the file's official place disagrees with its official time; that place is not compared`);
for (const m of check.placeMismatches.slice(0, 5)) console.error(`  bib ${m.bib} ${m.kind}: ${m.message}`);
console.error('absolute error of the projected finish (s): mat, median projection, even pace, mean projection, even pace; the 80 % range: coverage, median width (s)');
for (const m of check.mats) {
  const errors = [m.projection, m.evenPace, m.meanProjection, m.meanEvenPace].map((v) => v.toFixed(0).padStart(5)).join(' ');
  console.error(`  ${m.column.padEnd(6)} ${errors}  ${(m.coverage * 100).toFixed(1).padStart(5)} % ${m.width.toFixed(0).padStart(5)}  (${m.runners} runners)`);
}
console.error(`${report.stats.requests} requests; waited ${(report.stats.waitedMs / 1000).toFixed(1)} s for runners' previous updates`);
if (report.gaps > 0 || report.missedUpdates > 0) console.error(`updates out of sequence: ${report.gaps}; reads without their update: ${report.missedUpdates}`);
console.error(`wrote ${values.out}`);
