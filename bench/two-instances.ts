// The same number of spectator clients on one instance, then split over two instances (a primary and
// a replica) behind Redis: clients held and read→client latency, each against a bare broadcast.
import { randomUUID } from 'node:crypto';
import { ClientFleet } from './support/client-fleet';
import { latencyRounds, readSource, type LatencyFigures } from './support/latency-rounds';
import { marathonEvent } from './support/marathon';
import { startBenchServer, type BenchServer } from './support/server-process';
import type { Benchmark, Figure } from './support/types';

export const twoInstancesBenchmark: Benchmark = {
  name: 'two-instances',
  async run({ quick, log }) {
    const clients = quick ? 20 : 10_000;
    const rounds = quick ? 3 : 30;
    const event = marathonEvent(100, 'twoinst');
    const redis = { prefix: `bench-${randomUUID()}`, clusterToken: randomUUID() };
    const primary = await startBenchServer({ event, coalesceMs: 0, redis });
    const replica = await startBenchServer({ role: 'replica', primaryUrl: primary.url, coalesceMs: 0, redis });
    const nextRead = readSource(event);
    const workers = quick ? 1 : 2;

    const measure = async (instances: BenchServer[]): Promise<LatencyFigures & { held: number[] }> => {
      const fleet = new ClientFleet(workers, { eventId: event.id, raceId: 'marathon' });
      try {
        for (const instance of instances) await fleet.connect(instance.url, clients / instances.length);
        const held = await Promise.all(instances.map(async (i) => (await i.stats()).sockets));
        const result = await latencyRounds({ fleet, ingest: primary, broadcasters: instances, event, nextRead, rounds, clients });
        log(`two-instances: ${clients} clients on ${instances.length} (${held.join(' + ')}): read p50 ${result.read.p50} p99 ${result.read.p99} ms; bare p50 ${result.bare.p50} p99 ${result.bare.p99} ms`);
        return { ...result, held };
      } finally {
        await fleet.close();
      }
    };

    try {
      const one = await measure([primary]);
      const two = await measure([primary, replica]);
      const rows = (label: string, r: LatencyFigures & { held: number[] }): Figure[] => [
        { measure: `${label}: clients held`, value: r.held.reduce((a, b) => a + b, 0), unit: `(${r.held.join(' + ')})` },
        { measure: `${label}: read→client p50 / p99`, value: r.read.p50, unit: `/ ${r.read.p99} ms` },
        { measure: `${label}: bare broadcast p50 / p99`, value: r.bare.p50, unit: `/ ${r.bare.p99} ms` },
      ];
      return {
        figures: [...rows(`${clients} on one instance`, one), ...rows(`${clients} on two instances`, two)],
        details: { clients, rounds, coalesceMs: 0, oneInstance: one, twoInstances: two },
      };
    } finally {
      await replica.close();
      await primary.close();
    }
  },
};
