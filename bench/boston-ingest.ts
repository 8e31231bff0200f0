// A Boston year at full size through the real server as `npm start` runs it: the event created
// through the organizer API from the 2017 results file (entrants, waves, ten mats), every read
// posted in batches of 1,000 with four in flight. Durable reads/s, the server's RSS after, then a
// kill -9 and the time until a fresh `npm start` serves the same standings again.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_AGE_GROUPS } from '../shared/age-groups';
import { seededRandom } from '../shared/random';
import { buildReplayEvent, RACE_ID } from '../server/replay/replay-event';
import { replayReads } from '../server/replay/read-batches';
import { parseResultsFile } from '../server/replay/results-file';
import { buildWhatChanged } from '../server/build/build-changed';
import { freePort, startMain, waitFor, type MainProcess, type StartCommand } from './support/main-process';
import { chunks, inFlight } from './support/pool';
import { postBatch } from './support/server-process';
import { round } from './support/stats';
import type { Benchmark, Figure } from './support/types';
import { pagedBoard } from '../test/support/paged-board';

const RESULTS = resolve(import.meta.dirname, '../datasets/boston/2017.csv');
const EVENT_ID = 'boston-2017';
const ADMIN = { email: 'bench@splitcast.test', password: 'a long bench password' };
const TARGETS = { readsPerSecond: 20_000, rssMb: 300, restartSeconds: 6 };
/** The server's memory has settled once it has not fallen for this long (read twice a second, for at most RSS_MAX_SECONDS). */
const RSS_STEADY_SECONDS = 3;
const RSS_MAX_SECONDS = 15;

export const bostonIngestBenchmark: Benchmark = {
  name: 'boston-ingest',
  async run({ quick, log }) {
    const file = parseResultsFile(readFileSync(process.env.BENCH_BOSTON_FILE ?? RESULTS, 'utf8'));
    const event = buildReplayEvent(file, { eventId: EVENT_ID, name: 'Boston 2017', date: '2017-04-17', firstGun: Date.UTC(2017, 3, 17, 14, 0), seed: 2017 });
    const sample = quick ? 300 : Number(process.env.BENCH_BOSTON_RUNNERS ?? 0);
    if (sample > 0) keepSample(event, sample);
    const reads = replayReads(event, file.columns.splits.map((s) => s.header)).sort((a, b) => a.time - b.time);

    // The README's start command builds the client and the server only when their sources changed:
    // build them first, untimed, so the restart below measures what a restart on race day does.
    const command = (process.env.BENCH_RESTART_COMMAND as StartCommand | undefined) ?? (quick ? 'tsx' : 'npm-start');
    if (command !== 'tsx') await buildWhatChanged();
    // The loaded server runs what the restart runs (so its RSS is that of what is shipped), with
    // node's flags before the launcher instead of through npm.
    const first: StartCommand = command === 'npm-start' ? 'compiled' : command;

    const dataDir = mkdtempSync(join(tmpdir(), 'splitcast-boston-'));
    const port = await freePort();
    const env = {
      DATA_DIR: dataDir,
      DEMO: '0',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      ORGANIZER_EMAIL: ADMIN.email,
      ORGANIZER_PASSWORD: ADMIN.password,
      RATE_LIMIT_IP: '0',
      RATE_LIMIT_DEVICE: '0',
      REDIS_URL: '',
    };
    // BENCH_CPU_PROF=<dir>: the first server writes a CPU profile of the ingest (it then stops with
    // SIGTERM instead of kill -9, so it can write it).
    const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', resolve(process.env.BENCH_CPU_PROF)] : [];
    // BENCH_SERVER_FLAGS: more Node flags for the first server (e.g. a heap limit to study memory).
    const extraFlags = (process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean);
    let server: MainProcess | null = await startMain({ env, port, command: first, nodeFlags: [...profile, ...extraFlags] });
    try {
      const { token, pointIds } = await createEvent(server.url, event);
      const body = reads.map((r) => ({ point: pointIds.get(r.point) ?? r.point, bib: r.bib, time: r.time, readId: r.readId }));
      log(`boston-ingest: ${event.runners.length} runners, ${body.length} reads`);

      let stored = 0;
      const cpuBefore = server.cpuSeconds();
      const started = performance.now();
      await inFlight(chunks(body, 1_000), 4, async (batch) => {
        const answer = await postBatch(server!.url, EVENT_ID, token, batch);
        stored += answer.accepted;
      });
      const seconds = (performance.now() - started) / 1000;
      if (stored !== body.length) throw new Error(`the server stored ${stored} of ${body.length} reads`);
      const readsPerSecond = Math.round(stored / seconds);
      // Less sensitive than reads/s to what else runs on the machine.
      const readsPerCpuSecond = Math.round(stored / (server.cpuSeconds() - cpuBefore));
      const rssAtEndMb = server.rssMb();
      const before = await settledStandings(server.url);
      // What the server holds once reads have stopped and its memory has settled (the primary gives
      // back what a burst made it grow once reads stop, see server/live/idle-collector.ts).
      const { rssMb, seconds: rssSeconds } = await settledRss(server);
      log(`boston-ingest: ${readsPerSecond} durable reads/s, ${readsPerCpuSecond} per server CPU-second, RSS ${rssAtEndMb} MB at the last read, ${rssMb} MB ${rssSeconds} s after the standings settled`);
      // BENCH_HOLD_SECONDS: keep the loaded server up that long (to look at its memory with --inspect).
      const hold = Number(process.env.BENCH_HOLD_SECONDS ?? 0);
      if (hold > 0) {
        log(`boston-ingest: holding the server for ${hold} s`);
        await new Promise((r) => setTimeout(r, hold * 1000));
      }

      if (profile.length > 0) await server.stop();
      else await server.kill9();
      server = null;
      const restartStarted = performance.now();
      server = await startMain({ env, port, command });
      const listening = (performance.now() - restartStarted) / 1000;
      let after: unknown = null;
      await waitFor(async () => {
        after = await standings(server!.url).catch(() => null);
        return after !== null && JSON.stringify(after) === JSON.stringify(before);
      }, 120_000);
      const restartSeconds = (performance.now() - restartStarted) / 1000;
      log(`boston-ingest: same standings ${round(restartSeconds, 2)} s after the kill -9 (${command})`);

      const figures: Figure[] = [
        { measure: 'durable reads/s, batches of 1,000, 4 in flight', value: readsPerSecond, unit: 'reads/s', target: `>= ${TARGETS.readsPerSecond}`, met: readsPerSecond >= TARGETS.readsPerSecond },
        { measure: 'reads per server CPU-second', value: readsPerCpuSecond, unit: 'reads/s' },
        { measure: 'server RSS at the last read', value: rssAtEndMb, unit: 'MB' },
        { measure: `server RSS after the run (settled, ${rssSeconds} s after the standings)`, value: rssMb, unit: 'MB', target: `<= ${TARGETS.rssMb}`, met: rssMb <= TARGETS.rssMb },
        { measure: 'same standings served again after kill -9', value: round(restartSeconds, 2), unit: 's', target: `<= ${TARGETS.restartSeconds}`, met: restartSeconds <= TARGETS.restartSeconds },
      ];
      return {
        figures,
        details: { runners: event.runners.length, reads: body.length, seconds: round(seconds, 2), readsPerSecond, readsPerCpuSecond, rssAtEndMb, rssMb, loadedCommand: first, restartCommand: command, restartListeningSeconds: round(listening, 2), restartSeconds: round(restartSeconds, 2) },
      };
    } finally {
      await server?.kill9();
      // BENCH_KEEP_DATA=1: leave the data directory, to study a restart on its own.
      if (process.env.BENCH_KEEP_DATA === '1') log(`boston-ingest: data kept in ${dataDir}`);
      else rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

/** The server's RSS once it stopped falling, and how long after the call that was. */
async function settledRss(server: MainProcess): Promise<{ rssMb: number; seconds: number }> {
  const started = performance.now();
  let lowest = server.rssMb();
  let lowestAt = started;
  while (performance.now() - lowestAt < RSS_STEADY_SECONDS * 1000 && performance.now() - started < RSS_MAX_SECONDS * 1000) {
    await new Promise((r) => setTimeout(r, 500));
    const rss = server.rssMb();
    if (rss < lowest) {
      lowest = rss;
      lowestAt = performance.now();
    }
  }
  return { rssMb: lowest, seconds: round((lowestAt - started) / 1000, 1) };
}

/** A seeded sample of the field, for --quick. */
function keepSample(event: ReturnType<typeof buildReplayEvent>, size: number): void {
  const random = seededRandom(7);
  const bibs = event.runners.map((r) => r.row.bib).sort(() => random() - 0.5);
  const kept = new Set(bibs.slice(0, size));
  event.runners = event.runners.filter((r) => kept.has(r.row.bib));
  event.setup = { ...event.setup, entrants: event.setup.entrants.filter((e) => kept.has(e.bib)) };
}

async function api(url: string, method: string, path: string, body: unknown, cookie?: string): Promise<{ json: any; cookie: string | null }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json).slice(0, 500)}`);
  return { json, cookie: res.headers.get('set-cookie')?.split(';')[0] ?? null };
}

/** The event as an organizer sets it up: race, waves and mats, then the entrant list, then a mat's device. */
async function createEvent(url: string, event: ReturnType<typeof buildReplayEvent>): Promise<{ token: string; pointIds: Map<string, string> }> {
  const { cookie } = await api(url, 'POST', '/api/organizer/login', ADMIN);
  const race = event.setup.races[0];
  const splits = race.timingPoints.filter((p) => p.kind === 'split').map((p) => p.distance);
  const created = await api(
    url,
    'POST',
    '/api/organizer/events',
    {
      id: EVENT_ID,
      name: event.setup.name,
      date: event.setup.date,
      timeZone: event.setup.timeZone,
      race: { id: RACE_ID, name: race.name, distance: race.distance, splits, waves: race.waves, ageGroups: DEFAULT_AGE_GROUPS, ranking: 'net' },
    },
    cookie!,
  );
  // The mats the server made, matched to the replay's by distance.
  const made = created.json.event.races[0].timingPoints as { id: string; distance: number }[];
  const pointIds = new Map(race.timingPoints.map((p) => [p.id, made.find((m) => Math.abs(m.distance - p.distance) < 1)!.id]));
  const csv = ['bib,name,gender,age,wave', ...event.setup.entrants.map((e) => `${e.bib},${e.name},${e.gender},${e.age ?? ''},${e.waveId ?? ''}`)].join('\n');
  await api(url, 'POST', `/api/organizer/events/${EVENT_ID}/entrants/import`, { csv, mapping: { bib: 'bib', name: 'name', gender: 'gender', age: 'age', wave: 'wave' }, defaultRaceId: RACE_ID }, cookie!);
  const device = await api(url, 'POST', `/api/organizer/events/${EVENT_ID}/devices`, { name: 'start and course mats' }, cookie!);
  return { token: device.json.token, pointIds };
}

/** The first 1,000 of the standings, the total and the counters: what a restart must serve again. */
async function standings(url: string): Promise<unknown> {
  const { status, total, counters, entries } = await pagedBoard(url, EVENT_ID, RACE_ID, 1000);
  if (status !== 200) return null;
  return { total, counters, entries };
}

/** Standings once the last coalescing window has been published: two answers alike, a second apart. */
async function settledStandings(url: string): Promise<unknown> {
  let previous = JSON.stringify(await standings(url));
  for (;;) {
    await new Promise((r) => setTimeout(r, 1_000));
    const now = await standings(url);
    if (JSON.stringify(now) === previous) return now;
    previous = JSON.stringify(now);
  }
}
