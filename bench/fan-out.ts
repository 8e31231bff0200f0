// Spectator clients held by one process, and read→client latency at 1,000, 5,000 and 10,000 clients,
// against a bare Socket.IO broadcast of the same payload to the same clients in the same run.
import { ClientFleet } from './support/client-fleet';
import { latencyRounds, readSource } from './support/latency-rounds';
import { marathonEvent } from './support/marathon';
import { startBenchServer } from './support/server-process';
import { processMemoryMb } from './support/stats';
import type { Benchmark, Figure } from './support/types';

export const fanOutBenchmark: Benchmark = {
  name: 'fan-out',
  async run({ quick, log }) {
    const levels = quick ? [30] : [1_000, 5_000, 10_000];
    const rounds = quick ? 3 : 30;
    // A small field: the subscribe snapshot stays small, and every update carries one runner row.
    const event = marathonEvent(100, 'fanout');
    // No coalescing window: the figure is the cost of the pipeline, not the chosen window.
    const server = await startBenchServer({ event, coalesceMs: 0 });
    const fleet = new ClientFleet(quick ? 1 : 2, { eventId: event.id, raceId: 'marathon' });
    const nextRead = readSource(event);
    const figures: Figure[] = [];
    const details: Record<string, unknown> = { coalesceMs: 0, clientWorkers: fleet.workers, levels: [] as unknown[] };
    try {
      let held = 0;
      for (const clients of levels) {
        held = await fleet.connect(server.url, clients - held);
        const stats = await server.stats();
        const result = await latencyRounds({ fleet, ingest: server, broadcasters: [server], event, nextRead, rounds, clients: held });
        const memory = processMemoryMb(server.pid);
        log(`fan-out ${held} clients (server holds ${stats.sockets}): read p50 ${result.read.p50} p99 ${result.read.p99} ms; bare p50 ${result.bare.p50} p99 ${result.bare.p99} ms`);
        (details.levels as unknown[]).push({ ...result, serverSockets: stats.sockets, serverMemoryMb: memory });
        const top = clients === levels.at(-1);
        figures.push(
          { measure: `${clients} clients: held by the server`, value: stats.sockets, unit: 'sockets', ...(top ? { target: `= ${clients}`, met: stats.sockets === clients } : {}) },
          { measure: `${clients} clients: read→client p50`, value: result.read.p50, unit: 'ms' },
          { measure: `${clients} clients: read→client p99`, value: result.read.p99, unit: 'ms', ...(top ? { target: '< 100', met: result.read.p99 < 100 } : {}) },
          { measure: `${clients} clients: bare broadcast p50 / p99`, value: result.bare.p50, unit: `/ ${result.bare.p99} ms` },
          { measure: `${clients} clients: ratio to bare, p50`, value: result.ratio.p50, unit: '×', target: '<= 1.25', met: result.ratio.p50 <= 1.25 },
          { measure: `${clients} clients: ratio to bare, p99`, value: result.ratio.p99, unit: '×', target: '<= 1.25', met: result.ratio.p99 <= 1.25 },
          { measure: `${clients} clients: server memory`, value: memory.rss, unit: 'MB' },
        );
      }
    } finally {
      await fleet.close();
      await server.close();
    }
    return { figures, details };
  },
};
