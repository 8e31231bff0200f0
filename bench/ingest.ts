// Durable reads per second through the real HTTP ingest (validation, one SQLite transaction with
// fsync per request, engine), with Redis on, for batches of 100 and 1,000 reads.
import { randomUUID } from 'node:crypto';
import { planReads } from '../server/simulator/plan';
import { marathonEvent } from './support/marathon';
import { chunks, inFlight } from './support/pool';
import { postBatch, startBenchServer } from './support/server-process';
import { round } from './support/stats';
import type { Benchmark, Figure } from './support/types';

const TARGET = 20_000;

export const ingestBenchmark: Benchmark = {
  name: 'ingest',
  async run({ quick, log }) {
    const event = marathonEvent(quick ? 200 : 20_000);
    const reads = planReads(event, { multiReadRate: 0, unknownChips: 0 }).slice(0, quick ? 2_000 : 300_000);
    const figures: Figure[] = [];
    const details: Record<string, unknown> = { runners: event.entrants.length, reads: reads.length, concurrency: 4 };
    for (const batchSize of [100, 1_000]) {
      const server = await startBenchServer({ event, redis: { prefix: `bench-${randomUUID()}`, clusterToken: randomUUID() } });
      try {
        let accepted = 0;
        const started = performance.now();
        await inFlight(chunks(reads, batchSize), 4, async (batch) => {
          const answer = await postBatch(server.url, event.id, server.token, batch);
          accepted += answer.accepted;
        });
        const seconds = (performance.now() - started) / 1000;
        if (accepted !== reads.length) throw new Error(`ingest accepted ${accepted} of ${reads.length} reads`);
        const perSecond = Math.round(accepted / seconds);
        log(`ingest batch ${batchSize}: ${perSecond} reads/s`);
        figures.push({ measure: `durable reads/s, batches of ${batchSize}`, value: perSecond, unit: 'reads/s', target: `>= ${TARGET}`, met: perSecond >= TARGET });
        details[`batch${batchSize}`] = { seconds: round(seconds, 2), accepted, readsPerSecond: perSecond };
      } finally {
        await server.close();
      }
    }
    return { figures, details };
  },
};
