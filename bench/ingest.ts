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
    const reads = planReads(event, { multiReadRate: 0, unknownChips: 0 }).slice(0, quick ? 2_000 : Number(process.env.BENCH_INGEST_READS ?? 400_000));
    const figures: Figure[] = [];
    const details: Record<string, unknown> = { runners: event.entrants.length, reads: reads.length, concurrency: 4 };
    // One server, a separate slice of the plan per batch size, so no read is a duplicate.
    const server = await startBenchServer({ event, redis: { prefix: `bench-${randomUUID()}`, clusterToken: randomUUID() } });
    try {
      for (const [batchSize, slice] of [[100, reads.slice(0, reads.length / 2)], [1_000, reads.slice(reads.length / 2)]] as const) {
        let accepted = 0;
        const cpuBefore = (await server.stats()).cpu;
        const started = performance.now();
        await inFlight(chunks(slice, batchSize), 4, async (batch) => {
          const answer = await postBatch(server.url, event.id, server.token, batch);
          accepted += answer.accepted + answer.duplicates;
        });
        const seconds = (performance.now() - started) / 1000;
        const cpu = (await server.stats()).cpu;
        if (accepted !== slice.length) throw new Error(`ingest accepted ${accepted} of ${slice.length} reads`);
        const perSecond = Math.round(accepted / seconds);
        const perCpuSecond = Math.round(accepted / ((cpu.user + cpu.system - cpuBefore.user - cpuBefore.system) / 1e6));
        log(`ingest batch ${batchSize}: ${perSecond} reads/s, ${perCpuSecond} per server CPU-second`);
        figures.push(
          { measure: `durable reads/s, batches of ${batchSize}`, value: perSecond, unit: 'reads/s', target: `>= ${TARGET}`, met: perSecond >= TARGET },
          { measure: `reads per server CPU-second, batches of ${batchSize}`, value: perCpuSecond, unit: 'reads/s' },
        );
        details[`batch${batchSize}`] = { reads: slice.length, seconds: round(seconds, 2), accepted, readsPerSecond: perSecond, readsPerServerCpuSecond: perCpuSecond };
      }
    } finally {
      await server.close();
    }
    return { figures, details };
  },
};
