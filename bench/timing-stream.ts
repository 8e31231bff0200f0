// Equipment streams: durable reads per second through the TCP listener, ChronoTrack lines from
// several controllers at once (one per mat) into the real primary (SQLite WAL, fsync per chunk).
//   npm run bench:timing              full size (20,000 runners × 6 mats)
//   npm run bench:timing -- --quick   small (what the test suite runs)
// Prints a table and writes the figures as JSON under bench/results/.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createSplitcast } from '../server/app';
import { configWith } from '../server/config';
import { eventSetupSchema, type EventSetup } from '../shared/domain';

const GUN = Date.UTC(2026, 3, 17, 7, 0, 0);
const MATS = ['start', '5k', '10k', '15k', '20k', 'finish'];
const TARGET_READS_PER_S = 20_000;

export interface TimingStreamOutcome {
  figures: { measure: string; value: number; unit: string; target?: string; met?: boolean }[];
  details: Record<string, unknown>;
}

function event(runners: number): EventSetup {
  return eventSetupSchema.parse({
    id: 'bench-stream',
    name: 'Stream benchmark',
    date: '2026-04-17',
    races: [
      {
        id: 'half',
        name: 'Half',
        kind: 'point-to-point',
        distance: 21_097,
        gunTime: GUN,
        timingPoints: MATS.map((id, i) => ({ id, name: id, kind: i === 0 ? 'start' : i === MATS.length - 1 ? 'finish' : 'split', distance: i === MATS.length - 1 ? 21_097 : i * 5000 })),
      },
    ],
    entrants: Array.from({ length: runners }, (_, i) => ({ bib: String(i + 1), chip: `K${i + 1}`, name: `Runner ${i + 1}`, gender: i % 2 ? 'M' : 'F', raceId: 'half' })),
  });
}

/** One controller: greeting, token, then its mat's lines in chunks as fast as the socket takes them. */
function controller(port: number, token: string, lines: string[]): Promise<void> {
  return new Promise((done, fail) => {
    const socket = connect(port, '127.0.0.1');
    socket.setEncoding('latin1');
    let buffered = '';
    socket.on('connect', () => socket.write('BenchController~1.0~CTP01\r\n'));
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      const got = buffered.split('\r\n');
      buffered = got.pop()!;
      for (const line of got) {
        if (line === 'authorize') socket.write(`ack~authorize~${token}\r\n`);
        if (line === 'start') {
          const write = (from: number) => {
            for (let i = from; i < lines.length; i += 500) {
              if (!socket.write(lines.slice(i, i + 500).join(''))) return socket.once('drain', () => write(i + 500));
            }
            socket.end();
          };
          write(0);
        }
      }
    });
    socket.on('error', fail);
    socket.on('close', () => done());
  });
}

export async function timingStreamBenchmark({ quick, log, runners: size }: { quick: boolean; log: (m: string) => void; runners?: number }): Promise<TimingStreamOutcome> {
  const runners = size ?? (quick ? 500 : 20_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'splitcast-bench-stream-'));
  const server = await createSplitcast(configWith({ PORT: 0, HOST: '127.0.0.1', DATA_DIR: dataDir, TIMING_TCP_PORT: 0 }));
  try {
    const setup = event(runners);
    server.primary!.runtime.saveSetup(setup);
    const { token } = server.primary!.devices.create(setup.id, 'bench', Date.now());
    const perMat = MATS.map((mat, m) =>
      Array.from({ length: runners }, (_, i) => {
        const at = new Date(GUN + m * 1_200_000 + i * 150).toISOString().slice(11, 22);
        return `CT01_33~${i + 1}~${mat.toUpperCase()}~K${i + 1}~${at}~1~BEEF01~1\r\n`;
      }),
    );
    const total = runners * MATS.length;
    const started = performance.now();
    await Promise.all(perMat.map((lines) => controller(server.primary!.timing.tcpPort!, token, lines)));
    // Every line has been handed to the listener; it stores each chunk before reading the next.
    const stored = server.primary!.readLog.count(setup.id);
    const seconds = (performance.now() - started) / 1000;
    if (stored !== total) throw new Error(`stored ${stored} of ${total} reads`);
    const perSecond = Math.round(total / seconds);
    server.primary!.runtime.publishNow();
    const finished = server.primary!.runtime.counters(setup.id, 'half')!.finished;
    log(`timing stream: ${total} reads from ${MATS.length} controllers in ${seconds.toFixed(2)} s, ${perSecond} reads/s; ${finished} finished`);
    return {
      figures: [{ measure: `durable reads/s over TCP, ${MATS.length} controllers`, value: perSecond, unit: 'reads/s', target: `>= ${TARGET_READS_PER_S}`, met: perSecond >= TARGET_READS_PER_S }],
      details: { runners, reads: total, controllers: MATS.length, seconds: Math.round(seconds * 100) / 100, finished, counts: server.primary!.timing.listener!.counts() },
    };
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  const loadBefore = loadavg().map((l) => l.toFixed(2)).join(' ');
  const outcome = await timingStreamBenchmark({ quick, log: (m) => console.error(m) });
  const loadAfter = loadavg().map((l) => l.toFixed(2)).join(' ');
  const report = { benchmark: 'timing-stream', startedAt: new Date().toISOString(), quick, machine: { cpus: cpus().length, node: process.version, loadBefore, loadAfter }, ...outcome };
  const dir = resolve(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `timing-stream-${quick ? 'quick' : 'full'}-${report.startedAt.replace(/[:.]/g, '-')}.json`), `${JSON.stringify(report, null, 2)}\n`);
  for (const f of outcome.figures) console.log(`| timing-stream | ${f.measure} | ${f.value} ${f.unit} | ${f.target ?? ''} | ${f.met ? 'yes' : 'NO'} |`);
  console.log(`${cpus().length} cores; load average before ${loadBefore}, after ${loadAfter}`);
}
