// The demo built from a real results file (`DEMO_RESULTS`): the results replay's reader and set-up
// code (same columns, rules and start waves), every time moved so the first gun is at start-up
// (order kept), fed through the real HTTP ingest at `DEMO_SPEED` like the Tehran demo.
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { EventSetup } from '../../shared/domain';
import type { EventRuntime } from '../live/event-runtime';
import { fromResultsFile, shifted, type RehearsalSource } from '../rehearsal/rehearsal-source';
import { Feeder } from '../simulator/feeder';

/** The demo event's id, from the file's name: `2017.csv` → `results-2017`. */
export function resultsDemoId(path: string): string {
  const stem = basename(path, extname(path)).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `results-${stem || 'demo'}`.slice(0, 64);
}

export function resultsDemoSource(path: string, now: number): RehearsalSource {
  let csv: string;
  try {
    csv = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`DEMO_RESULTS: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return fromResultsFile(csv, { eventId: resultsDemoId(path), name: `${basename(path)} (results demo)`, today: now, rehearsal: false, timeZone });
}

const firstGunOf = (setup: EventSetup) =>
  Math.min(...setup.races.flatMap((r) => [r.gunTime, ...r.waves.map((w) => w.gunTime)]).filter((g): g is number => g !== null));

/**
 * Creates the event (first gun now, to the second) unless it is already stored, in which case its
 * stored guns keep their times and the reads are moved by the same amount: a restart re-sends
 * what was already stored (duplicates, dropped by the ingest) and goes on.
 */
export function placeResultsDemo(runtime: EventRuntime, source: RehearsalSource, now: number): { eventId: string; reads: RehearsalSource['reads']; firstGun: number } {
  const eventId = source.setup.id;
  const stored = runtime.setup(eventId);
  const shift = stored ? firstGunOf(stored) - source.firstGun : Math.round((now - source.firstGun) / 1000) * 1000;
  const moved = shifted(source, shift);
  if (!stored) runtime.saveSetup(moved.setup);
  // Without a read id a read's key is its mat, bib and time, the same whichever device token the
  // restarted demo was given: what the previous run stored comes back as a duplicate.
  const reads = moved.reads.map(({ readId: _id, ...read }) => read);
  return { eventId, reads, firstGun: source.firstGun + shift };
}

export function feedResultsDemo(options: { url: string; token: string; speed: number; now: number; placed: ReturnType<typeof placeResultsDemo>; onError?: (m: string) => void }): Feeder {
  const feeder = new Feeder({
    url: options.url,
    token: options.token,
    eventId: options.placed.eventId,
    reads: options.placed.reads,
    speed: options.speed,
    clockStart: Math.max(options.now, options.placed.firstGun),
    batchSize: 1_000,
    onError: options.onError,
  });
  feeder.start();
  return feeder;
}
