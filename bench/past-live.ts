// Time travel while a major runs: a Boston year as the demo at 60× (`DEMO_RESULTS`, the real server
// in its own process), spectators each asking every second for the race as it was two minutes ago
// (the first 100 and one runner) from their own addresses. How far the past is behind live (the
// past's latest read against the live summary's, race seconds), how long `?at=` takes, and the
// health check's latency before and while they ask.
import { request } from 'node:http';
import { resolve } from 'node:path';
import { io } from 'socket.io-client';
import { startResultsDemoProcess } from './support/demo-process';
import { loadAverage, percentile, round } from './support/stats';
import type { Benchmark, BenchOutcome } from './support/types';

const BOSTON = resolve(import.meta.dirname, '../datasets/boston/2017.csv');

/** GET as JSON from a given loopback address (each spectator its own: the per-address budget is per person). */
function getJson(url: string, localAddress: string): Promise<{ status: number; body: any; ms: number }> {
  const started = performance.now();
  return new Promise<{ status: number; body: any; ms: number }>((res, rej) => {
    // A connection of its own per question: no kept-alive socket the server may have closed meanwhile.
    const req = request(url, { localAddress, agent: false, headers: { accept: 'application/json' } }, (r) => {
      let text = '';
      r.on('data', (d) => (text += d));
      r.on('end', () => {
        try {
          res({ status: r.statusCode ?? 0, body: text ? JSON.parse(text) : null, ms: performance.now() - started });
        } catch (err) {
          rej(err);
        }
      });
      r.on('error', rej);
    });
    req.on('error', rej);
    req.end();
  }).catch(() => ({ status: 0, body: null, ms: performance.now() - started }));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const pastLiveBenchmark: Benchmark = {
  name: 'past-live',
  async run({ quick, log }): Promise<BenchOutcome> {
    const spectators = quick ? 2 : 5;
    const seconds = quick ? 10 : 60;
    const demo = await startResultsDemoProcess({ file: BOSTON, speed: 60, clientDir: '' });
    const socket = io(demo.url, { transports: ['websocket'] });
    try {
      let liveLast = 0;
      socket.on('race:summary', (s) => (liveLast = Math.max(liveLast, s.lastRead)));
      await new Promise<void>((ok) => socket.emit('race:summary', { eventId: demo.eventId, raceId: 'marathon' }, (a: any) => ((liveLast = a.ok ? a.data.lastRead : 0), ok())));
      // Mid-race: a tenth of the field on course.
      for (;;) {
        const { body } = await getJson(`${demo.url}/api/events/${demo.eventId}/races/marathon/leaderboard?limit=1`, '127.0.0.1');
        if (body && body.counters.onCourse >= body.counters.registered / 10) break;
        await sleep(1000);
      }
      log(`past-live: mid-race; load ${loadAverage()}`);
      const health = async (until: number) => {
        const times: number[] = [];
        while (performance.now() < until) {
          const answer = await getJson(`${demo.url}/api/health`, '127.0.0.2');
          if (answer.status === 200) times.push(answer.ms);
          await sleep(100);
        }
        return times;
      };
      const healthAlone = await health(performance.now() + (quick ? 5_000 : 30_000));
      const until = performance.now() + seconds * 1000;
      const asked: number[] = [];
      const lags: number[] = [];
      let refused = 0;
      let failed = 0;
      const spectator = async (i: number) => {
        const from = `127.0.1.${i + 1}`;
        while (performance.now() < until) {
          const next = performance.now() + 1000;
          const at = Math.round(liveLast - 120_000);
          const board = await getJson(`${demo.url}/api/events/${demo.eventId}/races/marathon/leaderboard?at=${at}&limit=100`, from);
          if (board.status === 0) failed++;
          else if (board.status !== 200) refused++;
          else {
            asked.push(board.ms);
            lags.push(Math.max(0, liveLast - board.body.to));
            const bib = board.body.entries[Math.floor(Math.random() * board.body.entries.length)]?.bib;
            if (bib) {
              const runner = await getJson(`${demo.url}/api/events/${demo.eventId}/runners/${bib}?at=${at}`, from);
              if (runner.status === 200) asked.push(runner.ms);
              else if (runner.status === 0) failed++;
              else refused++;
            }
          }
          await sleep(Math.max(0, next - performance.now()));
        }
      };
      const [healthAsking] = await Promise.all([health(until), ...Array.from({ length: spectators }, (_, i) => spectator(i))]);
      const p = (v: number[], q: number) => round(percentile(v, q), 1);
      log(`past-live: ?at= p50 ${p(asked, 50)} / p95 ${p(asked, 95)} ms; past behind live p50 ${p(lags, 50) / 1000} / max ${Math.max(...lags) / 1000} s; health p50 ${p(healthAlone, 50)} → ${p(healthAsking, 50)} ms`);
      return {
        figures: [
          { measure: 'past behind live (race s), p50 / worst', value: round(percentile(lags, 50) / 1000, 1), unit: `/ ${round(Math.max(...lags) / 1000, 1)} s`, target: '<= 30 (worst)', met: Math.max(...lags) <= 30_000 },
          { measure: '?at= answer (board of 100 or one runner), p50', value: p(asked, 50), unit: 'ms' },
          { measure: '?at= answer, p95', value: p(asked, 95), unit: 'ms', target: '<= 300', met: percentile(asked, 95) <= 300 },
          { measure: 'health p50 alone / while spectators ask', value: p(healthAlone, 50), unit: `/ ${p(healthAsking, 50)} ms` },
          { measure: 'health p99 alone / while spectators ask', value: p(healthAlone, 99), unit: `/ ${p(healthAsking, 99)} ms` },
        ],
        details: { spectators, seconds, answers: asked.length, refused, failed, load: loadAverage() },
      };
    } finally {
      socket.close();
      await demo.close();
    }
  },
};
