// Alternating rounds against one race room: a real read through the HTTP ingest, then a bare
// Socket.IO broadcast of the very payload that read produced, to the same clients.
import type { EventSetup } from '../../shared/domain';
import { MARATHON_GUN } from './marathon';
import type { ClientFleet } from './client-fleet';
import { postBatch, type BenchServer } from './server-process';
import { percentile, round } from './stats';

export interface LatencyFigures {
  clients: number;
  rounds: number;
  read: { p50: number; p99: number };
  bare: { p50: number; p99: number };
  ratio: { p50: number; p99: number };
}

/** Produces reads that each move one runner past a new mat, so each makes exactly one update. */
export function readSource(event: EventSetup) {
  const points = event.races[0].timingPoints.map((p) => p.id);
  const runners = event.entrants.length;
  let n = 0;
  return () => {
    const bib = (n % runners) + 1;
    const point = 1 + Math.floor(n / runners);
    n++;
    if (point >= points.length) throw new Error('the bench event has run out of mats for new reads');
    return { point: points[point], bib: String(bib), time: MARATHON_GUN + point * 600_000 + bib * 1000 };
  };
}

export async function latencyRounds(options: {
  fleet: ClientFleet;
  ingest: BenchServer;
  /** Instances whose clients get the bare broadcast (each sends to its own clients). */
  broadcasters: BenchServer[];
  event: EventSetup;
  nextRead: () => unknown;
  rounds: number;
  clients: number;
}): Promise<LatencyFigures> {
  const { fleet, ingest, event } = options;
  const room = `race:${event.id}:${event.races[0].id}`;
  const read: number[] = [];
  const bare: number[] = [];
  // Two warm-up rounds first: JIT and socket buffers, not part of the figures.
  for (let r = -2; r < options.rounds; r++) {
    const real = await fleet.round(r * 2, () => postBatch(ingest.url, event.id, ingest.token, [options.nextRead()]).then(() => undefined));
    if (!real.payload) throw new Error('no race:update reached the clients');
    const baseline = await fleet.round(r * 2 + 1, () => {
      for (const b of options.broadcasters) b.bare(room, real.payload!);
    });
    if (r < 0) continue;
    read.push(...real.latencies);
    bare.push(...baseline.latencies);
  }
  const figures = (values: number[]) => ({ p50: round(percentile(values, 50), 2), p99: round(percentile(values, 99), 2) });
  const readFigures = figures(read);
  const bareFigures = figures(bare);
  return {
    clients: options.clients,
    rounds: options.rounds,
    read: readFigures,
    bare: bareFigures,
    ratio: { p50: round(readFigures.p50 / bareFigures.p50, 2), p99: round(readFigures.p99 / bareFigures.p99, 2) },
  };
}
