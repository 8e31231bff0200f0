// An NYC-scale marathon (56,000 runners × 35 mats ≈ 2 million reads) replayed through the real HTTP
// ingest as fast as it will go, in race-time order: the speed-up over real time it sustains (the
// slowest 10-minute stretch of race time), and the server's memory. Also sizes what a race:update
// would carry at real time, for the per-room payload question.
import { randomUUID } from 'node:crypto';
import { planReads, type PlannedRead } from '../server/simulator/plan';
import { marathonEvent } from './support/marathon';
import { chunks, inFlight } from './support/pool';
import { postBatch, startBenchServer, type BenchServer } from './support/server-process';
import { percentile, processMemoryMb, round } from './support/stats';
import type { Benchmark } from './support/types';

const WINDOW_MS = 10 * 60_000;
const TARGET = 60;
const RESTART_TARGET_SECONDS = 20;

/** Speed-up over real time per window of race time, from (race time, wall time acknowledged) pairs. */
export function windowSpeedUps(acks: readonly { raceTime: number; wall: number }[], windowMs: number): number[] {
  const sorted = [...acks].sort((a, b) => a.raceTime - b.raceTime);
  const out: number[] = [];
  let wallSoFar = -Infinity;
  let from = sorted[0];
  for (const a of sorted) {
    wallSoFar = Math.max(wallSoFar, a.wall);
    // A batch can cover more than one window when the field is sparse: divide by what it covered.
    if (a.raceTime - from.raceTime >= windowMs) {
      out.push((a.raceTime - from.raceTime) / Math.max(1, wallSoFar - from.wall));
      from = { raceTime: a.raceTime, wall: wallSoFar };
    }
  }
  return out;
}

/** Most reads within any window of race time: what a replay at a given speed must take in. */
function peakReadsPerSecond(reads: readonly PlannedRead[], windowMs: number): number {
  let peak = 0;
  let start = 0;
  for (let i = 0; i < reads.length; i++) {
    while (reads[start].time <= reads[i].time - windowMs) start++;
    peak = Math.max(peak, i - start + 1);
  }
  return peak / (windowMs / 1000);
}

/** Most runners with a read within one coalescing window at real time: rows in one race:update. */
function peakRowsPerUpdate(reads: readonly PlannedRead[], coalesceMs: number): number {
  let peak = 0;
  let start = 0;
  const inWindow = new Map<string, number>();
  for (const r of reads) {
    inWindow.set(r.chip, (inWindow.get(r.chip) ?? 0) + 1);
    while (reads[start].time <= r.time - coalesceMs) {
      const chip = reads[start++].chip;
      const n = inWindow.get(chip)! - 1;
      if (n === 0) inWindow.delete(chip);
      else inWindow.set(chip, n);
    }
    peak = Math.max(peak, inWindow.size);
  }
  return peak;
}

/** The standings a restarted primary must serve again: the first 200 of the marathon and its counters. */
async function standings(url: string, eventId: string): Promise<string | null> {
  const res = await fetch(`${url}/api/events/${eventId}/races/marathon/leaderboard?limit=200`).catch(() => null);
  if (!res?.ok) return null;
  const { total, counters, entries } = (await res.json()) as Record<string, unknown>;
  return JSON.stringify({ total, counters, entries });
}

/** Kill -9 the primary, start one on its data and wait until it serves the same standings. */
async function killAndRestart(server: BenchServer, eventId: string, start: () => Promise<BenchServer>): Promise<{ server: BenchServer; seconds: number; log: string }> {
  // The reads acknowledged so far are all applied once the standings stop changing.
  let before = await standings(server.url, eventId);
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    const now = await standings(server.url, eventId);
    if (now === before) break;
    before = now;
  }
  await server.kill9();
  const started = performance.now();
  const next = await start();
  while ((await standings(next.url, eventId)) !== before) await new Promise((r) => setTimeout(r, 100));
  const seconds = (performance.now() - started) / 1000;
  const r = next.rebuilds.find((x) => x.eventId === eventId);
  return { server: next, seconds, log: r ? `from the ${r.from}, ${r.reads} reads of the log scored in ${Math.round(r.ms)} ms` : 'no rebuild' };
}

export const nycReplayBenchmark: Benchmark = {
  name: 'nyc-replay',
  async run({ quick, log }) {
    // BENCH_NYC_RUNNERS scales the field down when the machine is too busy for 2 million reads.
    const event = marathonEvent(quick ? 150 : Number(process.env.BENCH_NYC_RUNNERS ?? 56_000));
    const reads = planReads(event, { multiReadRate: 0, unknownChips: 0 });
    const raceSpan = reads.at(-1)!.time - reads[0].time;
    log(`nyc-replay: ${event.entrants.length} runners, ${reads.length} reads over ${round(raceSpan / 3_600_000, 2)} h of race time`);
    // 56,000 runners outgrow V8's default 4 GB heap on this machine (see docs/benchmarks.md): run the
    // primary as on race day, with room to spare.
    const serverOptions = { event, nodeFlags: ['--expose-gc', '--max-old-space-size=8192'], redis: { prefix: `bench-${randomUUID()}`, clusterToken: randomUUID() } };
    let server = await startBenchServer(serverOptions);
    try {
      const acks: { raceTime: number; wall: number }[] = [];
      let cpuBefore = (await server.stats()).cpu;
      let cpuSecondsBefore = 0;
      const started = performance.now();
      let accepted = 0;
      /** Wall time the restart took, left out of the speed-ups (the replay waits for it). */
      let pausedMs = 0;
      // BENCH_NYC_SPECTATOR=1: a spectator asks every second for the race as it was at the latest
      // acknowledged read (the first 100): what that costs the replay, and how far the past is behind.
      const spectator = process.env.BENCH_NYC_SPECTATOR === '1';
      let latestAcked = 0;
      const pastLags: number[] = [];
      const pastMs: number[] = [];
      let replaying = true;
      const asking = (async () => {
        while (spectator && replaying) {
          const next = performance.now() + 1000;
          const at = latestAcked;
          if (at > 0) {
            const t0 = performance.now();
            const res = await fetch(`${server.url}/api/events/${event.id}/races/marathon/leaderboard?at=${at}&limit=100`).catch(() => null);
            if (res?.ok) {
              const body = (await res.json()) as { to: number };
              pastMs.push(performance.now() - t0);
              pastLags.push(Math.max(0, at - body.to));
            }
          }
          await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
        }
      })();
      const replay = (part: PlannedRead[]) =>
        inFlight(chunks(part, 1_000), 4, async (batch) => {
          const answer = await postBatch(server.url, event.id, server.token, batch);
          accepted += answer.accepted + answer.duplicates;
          acks.push({ raceTime: batch.at(-1)!.time, wall: performance.now() - pausedMs });
          latestAcked = Math.max(latestAcked, batch.at(-1)!.time);
        });
      // Half the race, then the primary is killed (-9) with the field at its busiest and started
      // again on its data: how long until it serves the same standings. Then the other half.
      const half = Math.floor(reads.length / 2 / 1_000) * 1_000;
      await replay(reads.slice(0, half));
      const pauseStarted = performance.now();
      const beforeKill = await server.stats();
      cpuSecondsBefore = (beforeKill.cpu.user + beforeKill.cpu.system - cpuBefore.user - cpuBefore.system) / 1e6;
      const peakBeforeKill = processMemoryMb(server.pid).peak;
      const restart = await killAndRestart(server, event.id, () => startBenchServer({ ...serverOptions, dataDir: server.dataDir }));
      server = restart.server;
      log(`nyc-replay: killed -9 after ${half} reads; the same standings ${round(restart.seconds, 1)} s later (${restart.log})`);
      cpuBefore = (await server.stats()).cpu;
      pausedMs = performance.now() - pauseStarted;
      await replay(reads.slice(half));
      const wallMs = performance.now() - started - pausedMs;
      replaying = false;
      await asking;
      const stats = await server.stats();
      const live = await server.stats({ gc: true });
      if (accepted !== reads.length) throw new Error(`ingest accepted ${accepted} of ${reads.length} reads`);
      const cpuSeconds = cpuSecondsBefore + (stats.cpu.user + stats.cpu.system - cpuBefore.user - cpuBefore.system) / 1e6;
      const memoryNow = processMemoryMb(server.pid);
      const memory = { rss: memoryNow.rss, peak: Math.max(memoryNow.peak, peakBeforeKill) };
      const speedUps = windowSpeedUps(acks, quick ? 60_000 : WINDOW_MS);
      const sustained = round(speedUps.length ? Math.min(...speedUps) : raceSpan / wallMs, 1);
      const overall = round(raceSpan / wallMs, 1);

      // What one race:update would carry at real time with the default 250 ms window.
      const rows = peakRowsPerUpdate(reads, 250);
      // At 60×, the busiest 10 minutes of race time must be ingested in 10 s.
      const peakAt1x = peakReadsPerSecond(reads, WINDOW_MS);
      const perCpuSecond = reads.length / cpuSeconds;
      const board = (await (await fetch(`${server.url}/api/events/${event.id}/races/marathon/leaderboard?limit=200`)).json()) as { entries: unknown[] };
      const rowBytes = Math.round(JSON.stringify(board.entries).length / board.entries.length);
      const runner = await (await fetch(`${server.url}/api/events/${event.id}/runners/1`)).text();
      log(`nyc-replay: ${overall}× overall, ${sustained}× in the slowest window, peak RSS ${memory.peak} MB`);
      return {
        figures: [
          { measure: 'reads replayed', value: reads.length, unit: 'reads' },
          { measure: `speed-up over real time, slowest ${quick ? 1 : 10} min`, value: sustained, unit: '×', target: `>= ${TARGET}`, met: sustained >= TARGET },
          { measure: 'speed-up over real time, whole race', value: overall, unit: '×' },
          { measure: 'reads per server CPU-second', value: Math.round(perCpuSecond), unit: 'reads/s' },
          { measure: 'busiest 10 min of race time at 1×', value: round(peakAt1x, 1), unit: `reads/s (${Math.round(peakAt1x * TARGET)} at ${TARGET}×)` },
          { measure: 'speed-up one free core would sustain', value: round(perCpuSecond / peakAt1x, 1), unit: '×' },
          { measure: 'same standings served again after kill -9 mid-race', value: round(restart.seconds, 1), unit: 's', target: `<= ${RESTART_TARGET_SECONDS}`, met: restart.seconds <= RESTART_TARGET_SECONDS },
          { measure: 'server memory at the end / peak', value: memory.rss, unit: `/ ${memory.peak} MB` },
          { measure: 'server JS heap live at the end (after GC)', value: round(live.memory.heapUsed / 2 ** 20), unit: 'MB' },
          { measure: 'rows in the largest race:update at 1×', value: rows, unit: `rows ≈ ${round((rows * rowBytes) / 1024, 1)} KB` },
          ...(spectator
            ? [
                { measure: 'past behind the latest acknowledged read, p50 / worst', value: round(percentile(pastLags, 50) / 1000, 1), unit: `/ ${round(Math.max(0, ...pastLags) / 1000, 1)} s`, target: '<= 5 (worst)', met: Math.max(0, ...pastLags) <= 5_000 },
                { measure: 'spectator ?at= (first 100) p50 / p95', value: round(percentile(pastMs, 50)), unit: `/ ${round(percentile(pastMs, 95))} ms` },
              ]
            : []),
        ],
        details: {
          runners: event.entrants.length,
          reads: reads.length,
          raceHours: round(raceSpan / 3_600_000, 2),
          wallSeconds: round(wallMs / 1000, 1),
          serverCpuSeconds: round(cpuSeconds, 1),
          speedUpWindows: { min: sustained, p50: round(percentile(speedUps, 50), 1), count: speedUps.length },
          memoryMb: memory,
          restart: { afterReads: half, seconds: round(restart.seconds, 2), rebuilt: restart.log },
          peakReadsPerSecondAt1x: round(peakAt1x, 1),
          payload: { peakRowsPerUpdateAt1x: rows, bytesPerRow: rowBytes, bytesPerRunnerDetail: runner.length },
        },
      };
    } finally {
      await server.close();
    }
  },
};
