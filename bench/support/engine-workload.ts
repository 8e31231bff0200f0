// A results file as the engine sees it: the event set-up and every read in time order, numbered as
// the durable log numbers them. Shared by the engine benchmark and the test that pins the engine's
// standings, so both feed the engine exactly the same way.
import { createHash } from 'node:crypto';
import type { EventSetup } from '../../shared/domain';
import type { StoredRead } from '../../shared/reads';
import type { EventEngine } from '../../shared/engine/event-engine';
import { buildReplayEvent } from '../../server/replay/replay-event';
import { replayReads } from '../../server/replay/read-batches';
import type { ResultsFile } from '../../server/replay/results-file';
import { seededRandom } from '../../shared/random';
import { stableJson } from '../../shared/stable-json';

export interface EngineWorkload {
  setup: EventSetup;
  reads: StoredRead[];
}

/**
 * The same reads as they may reach the primary: each delayed by up to `delayMs` at random (late
 * and out of order), and a share read a second time by the mat a little later.
 */
export function disorderly(reads: readonly StoredRead[], options: { seed: number; delayMs: number; rereads: number }): StoredRead[] {
  const random = seededRandom(options.seed);
  const out: { at: number; read: Omit<StoredRead, 'seq'> }[] = [];
  for (const read of reads) {
    out.push({ at: read.time + random() * options.delayMs, read });
    if (random() < options.rereads) out.push({ at: read.time + random() * options.delayMs, read: { ...read, time: read.time + 500 + Math.floor(random() * 2500) } });
  }
  return out.sort((a, b) => a.at - b.at).map(({ read }, i) => ({ ...read, seq: i + 1 }));
}

export function engineWorkload(file: ResultsFile, options: { sample?: number; seed?: number } = {}): EngineWorkload {
  const event = buildReplayEvent(file, { eventId: 'engine', name: 'Engine workload', date: '2017-04-17', firstGun: Date.UTC(2017, 3, 17, 14, 0), seed: options.seed ?? 2017 });
  if (options.sample) {
    // Every k-th runner of the results (fastest first): a sample with every pace of the field.
    const stride = Math.max(1, Math.floor(event.runners.length / options.sample));
    const keep = new Set(event.runners.filter((_, i) => i % stride === 0).slice(0, options.sample).map((r) => r.row.bib));
    event.runners = event.runners.filter((r) => keep.has(r.row.bib));
    event.setup = { ...event.setup, entrants: event.setup.entrants.filter((e) => keep.has(e.bib)) };
  }
  const reads = replayReads(event, file.columns.splits.map((s) => s.header))
    .sort((a, b) => a.time - b.time || a.bib.localeCompare(b.bib))
    .map((r, i): StoredRead => ({ seq: i + 1, point: r.point, chip: null, bib: r.bib, time: r.time, device: 'mat' }));
  return { setup: event.setup, reads };
}

/**
 * A fingerprint of everything spectators are told about every race: order, places, times, status,
 * splits, projections and their ranges, flags and counters. Equal fingerprints, equal standings.
 */
export function standingsDigest(engine: EventEngine): string {
  const hash = createHash('sha256');
  for (const race of engine.event.races) {
    hash.update(JSON.stringify(engine.counters(race.id)));
    for (const row of engine.leaderboard(race.id).entries) hash.update(stableJson(row));
  }
  return hash.digest('hex').slice(0, 16);
}

