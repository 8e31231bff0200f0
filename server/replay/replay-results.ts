// Replays a results file through Splitcast: builds the event, starts the real server (or uses the
// one at `url`), posts every read through the HTTP ingest, records what spectators were shown and
// reads the final standings back. The JSON it returns is what `npm run replay:results` writes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createSplitcast } from '../app';
import { configWith } from '../config';
import type { LineProblem } from '../setup/entrant-rows';
import type { HistoryFile } from '../../shared/course-history';
import type { LeaderboardEntry } from '../../shared/views';
import { batchReads, replayReads } from './read-batches';
import { buildReplayEvent, RACE_ID, type ReplayEvent } from './replay-event';
import { driveReplay, type DriverStats } from './replay-driver';
import { ProjectionRecorder } from './projection-recorder';
import type { ResultsFile } from './results-file';

export interface ReplayOptions {
  file: ResultsFile;
  eventId?: string;
  name?: string;
  date?: string;
  timeZone?: string;
  /** Gun of the first wave, HH:MM in UTC of `date`. */
  gun?: string;
  seed?: number;
  ageGroups?: number[];
  /** Earlier years on the course (`--history`), summed up: the race's course history. */
  history?: HistoryFile[];
  /** Replay only these bibs (starts are still chosen on the whole file). */
  only?: ReadonlySet<string>;
  shuffleSeconds?: number;
  duplicates?: number;
  speed?: number;
  batchSeconds?: number;
  /** A running server and a device token of the event there; otherwise one is started here. */
  url?: string;
  token?: string;
  /** That server's cluster token: following the whole race is for organizers and the cluster's tools. */
  clusterToken?: string;
  onProgress?: (line: string) => void;
}

export interface ReplayRunner {
  bib: string;
  netTime: number | null;
  gunTime: number | null;
  places: { overall: number; gender: number; ageGroup: number | null } | null;
  projections: Record<string, number | null>;
  /** Per split column: the 80 % range of the net finish (s) spectators were sent with that projection. */
  ranges: Record<string, [number, number] | null>;
}

export interface ReplayOutput {
  summary: { runners: number; reads: number; accepted: number; duplicates: number; rejected: number; seconds: number };
  runners: ReplayRunner[];
}

export interface ReplayReport {
  output: ReplayOutput;
  event: ReplayEvent;
  stats: DriverStats;
  problems: LineProblem[];
  warnings: LineProblem[];
  /** Updates that skipped a number, and reads whose update never came: both should be 0. */
  gaps: number;
  missedUpdates: number;
}

/** The event the replay feeds (to create it on another server before feeding it with `url`). */
export function replayEventFor(options: ReplayOptions): ReplayEvent {
  const date = options.date ?? new Date().toISOString().slice(0, 10);
  const event = buildReplayEvent(options.file, {
    eventId: options.eventId ?? 'replay',
    name: options.name ?? 'Results replay',
    date,
    timeZone: options.timeZone,
    firstGun: Date.parse(`${date}T${options.gun ?? '14:00'}:00Z`),
    seed: options.seed ?? 1,
    ageGroups: options.ageGroups,
  });
  if (options.history && options.history.length > 0) {
    event.setup = { ...event.setup, races: event.setup.races.map((r) => ({ ...r, history: options.history })) };
  }
  if (options.only) {
    event.runners = event.runners.filter((r) => options.only!.has(r.row.bib));
    event.setup = { ...event.setup, entrants: event.setup.entrants.filter((e) => options.only!.has(e.bib)) };
  }
  return event;
}

export async function replayResults(options: ReplayOptions): Promise<ReplayReport> {
  const seed = options.seed ?? 1;
  const event = replayEventFor(options);
  const splitHeaders = options.file.columns.splits.map((s) => s.header);
  const reads = replayReads(event, splitHeaders);
  const batches = batchReads(reads, {
    seed,
    // As fast as it goes, a mat sends what it gathered over two minutes of race clock; live, every ~2 s.
    batchMs: (options.batchSeconds ?? (options.speed ? Math.min(120, 2 * options.speed) : 120)) * 1000,
    shuffleMs: (options.shuffleSeconds ?? 0) * 1000,
    duplicates: options.duplicates,
  });

  let url = options.url;
  let token = options.token;
  let clusterToken = options.clusterToken;
  let stop: (() => Promise<void>) | null = null;
  if (!url) {
    const dataDir = mkdtempSync(join(tmpdir(), 'splitcast-replay-'));
    clusterToken = randomBytes(24).toString('hex');
    const server = await createSplitcast(configWith({ PORT: 0, HOST: '127.0.0.1', DATA_DIR: dataDir, COALESCE_MS: 250, CLUSTER_TOKEN: clusterToken }));
    server.primary!.runtime.saveSetup(event.setup);
    token = server.primary!.devices.create(event.setup.id, 'results replay', Date.now()).token;
    url = server.url;
    stop = async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }
  if (!token) throw new Error('give the device token of the event on that server (--token)');

  const started = Date.now();
  const recorder = await ProjectionRecorder.open(url, event.setup.id, RACE_ID, clusterToken);
  try {
    const stats = await driveReplay({
      url,
      token,
      eventId: event.setup.id,
      batches,
      recorder,
      speed: options.speed,
      onProgress: (s) => options.onProgress?.(`reads ${s.sent}/${s.reads}  accepted ${s.accepted}  duplicates ${s.duplicates}  rejected ${s.rejected}  ${((Date.now() - started) / 1000).toFixed(1)} s`),
    });
    const seconds = (Date.now() - started) / 1000;
    const standings = await fetchStandings(url, event.setup.id);
    const output: ReplayOutput = {
      summary: { runners: event.runners.length, reads: stats.reads, accepted: stats.accepted, duplicates: stats.duplicates, rejected: stats.rejected, seconds },
      runners: event.runners.map(({ row }) => {
        const entry = standings.get(row.bib);
        const finished = entry?.status === 'finished';
        return {
          bib: row.bib,
          netTime: finished && entry.netTime !== null ? entry.netTime / 1000 : null,
          gunTime: finished && entry.gunTime !== null ? entry.gunTime / 1000 : null,
          places: finished && entry.places ? entry.places : null,
          projections: Object.fromEntries(
            [...(recorder.projections.get(row.bib) ?? new Map<string, number | null>())].map(([column, ms]) => [column, ms === null ? null : ms / 1000]),
          ),
          ranges: Object.fromEntries(
            [...(recorder.ranges.get(row.bib) ?? new Map<string, [number, number] | null>())].map(([column, ms]) => [column, ms === null ? null : [ms[0] / 1000, ms[1] / 1000] as [number, number]]),
          ),
        };
      }),
    };
    return { output, event, stats, problems: [...options.file.problems, ...event.problems], warnings: [...options.file.warnings, ...event.warnings], gaps: recorder.gaps, missedUpdates: recorder.missed };
  } finally {
    recorder.close();
    await stop?.();
  }
}

/** The race's final standings with places, as spectators get them, page by page. */
async function fetchStandings(url: string, eventId: string): Promise<Map<string, LeaderboardEntry>> {
  const out = new Map<string, LeaderboardEntry>();
  // A page at a time, as the public API answers.
  const limit = 200;
  for (let offset = 0; ; offset += limit) {
    const res = await fetch(new URL(`/api/events/${encodeURIComponent(eventId)}/races/${RACE_ID}/leaderboard?offset=${offset}&limit=${limit}`, url));
    if (!res.ok) throw new Error(`leaderboard answered ${res.status}`);
    const page = (await res.json()) as { total: number; entries: LeaderboardEntry[] };
    for (const e of page.entries) out.set(e.bib, e);
    if (offset + limit >= page.total) return out;
  }
}
