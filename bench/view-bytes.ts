// What one spectator's socket receives during a marathon's busiest stretch: a leaderboard window
// (`race:view`: the top 100, the top 100 women, one country, a page in the middle of the field),
// the overview's summary, a stadium screen (the race's stage and its field: what a screen or an
// announcer takes), and, for comparison, the whole race (`race:subscribe`, what every phone and
// screen took before views; organizers only now). Binary frames (the field) count by their length.
// The stepped replay runs the stage's and the field's one-second windows at every slice, so at 1×
// (250 ms slices) their figures are up to four times what a live screen gets. The replay is exact without waiting in real time: reads go through the real
// ingest in slices of race time as long as one coalescing window covers at the replay's speed
// (250 ms at 1×, 15 s at 60×), and the coalescer is run after each slice, so the server sends
// exactly the updates a live replay at that speed would, as fast as the machine allows.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { createSplitcast } from '../server/app';
import { decodeWindowSnapshot } from '../shared/race-view';
import { configWith } from '../server/config';
import type { Scheduler } from '../shared/clock';
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/socket-events';
import { planReads, type PlannedRead } from '../server/simulator/plan';
import { marathonEvent } from './support/marathon';
import { chunks, inFlight } from './support/pool';
import { postBatch } from './support/server-process';
import { round } from './support/stats';
import { leaderboard } from '../shared/board/leaderboard';
import { applyUpdate, fromSnapshot } from '../client/src/live/race-state';
import { applyWindowUpdate, fromWindowSnapshot, windowRows } from '../client/src/live/window-state';
import type { Benchmark, Figure } from './support/types';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Tasks wait until the replay runs them: one coalescing window per slice of race time. */
class SteppedScheduler implements Scheduler {
  private tasks = new Set<() => void>();
  after(_ms: number, task: () => void): () => void {
    this.tasks.add(task);
    return () => this.tasks.delete(task);
  }
  runAll(): void {
    const due = [...this.tasks];
    this.tasks.clear();
    for (const t of due) t();
  }
}

/** Start of the window of race time holding the most reads. */
function busiest(reads: readonly PlannedRead[], windowMs: number): number {
  let best = 0;
  let bestFrom = reads[0].time;
  let start = 0;
  for (let i = 0; i < reads.length; i++) {
    while (reads[start].time <= reads[i].time - windowMs) start++;
    if (i - start + 1 > best) {
      best = i - start + 1;
      bestFrom = reads[start].time;
    }
  }
  return bestFrom;
}

interface Scenario {
  label: string;
  runners: number;
  speed: number;
  /** Race time measured, ms. */
  spanMs: number;
}

async function measure(s: Scenario, log: (m: string) => void): Promise<{ figures: Figure[]; details: Record<string, unknown> }> {
  const event = marathonEvent(s.runners);
  const reads = planReads(event, { multiReadRate: 0, unknownChips: 0 });
  const from = busiest(reads, s.spanMs);
  const to = from + s.spanMs;
  const dataDir = mkdtempSync(join(tmpdir(), 'splitcast-bench-views-'));
  const scheduler = new SteppedScheduler();
  // The cluster's token lets the comparison client take the whole race (refused to spectators).
  const clusterToken = randomBytes(24).toString('hex');
  const server = await createSplitcast(configWith({ PORT: 0, HOST: '127.0.0.1', DATA_DIR: dataDir, COALESCE_MS: 250, SOCKET_BURST: 0, CLUSTER_TOKEN: clusterToken }), { scheduler });
  const clients: Client[] = [];
  try {
    const primary = server.primary!;
    primary.runtime.saveSetup(event);
    const { token } = primary.devices.create(event.id, 'bench', Date.now());
    const ingest = async (batch: readonly PlannedRead[]) => {
      if (batch.length > 0) await inFlight(chunks(batch, 1_000), 4, async (part) => {
        await postBatch(server.url, event.id, token, part);
      });
      scheduler.runAll();
    };
    // The race up to the busiest stretch, as fast as it goes (nobody watching yet).
    const before = reads.filter((r) => r.time < from);
    for (let i = 0; i < before.length; i += 20_000) await ingest(before.slice(i, i + 20_000));
    log(`${s.label}: ${before.length} reads before the busiest ${s.spanMs / 60_000} min of race time`);

    const bytes = new Map<string, number>();
    const connect = async (label: string, wholeRace = false) => {
      const c: Client = io(server.url, { transports: ['websocket'], forceNew: true, reconnection: false, ...(wholeRace ? { auth: { clusterToken } } : {}) });
      await new Promise<void>((resolve, reject) => {
        c.once('connect', () => resolve());
        c.once('connect_error', reject);
      });
      bytes.set(label, 0);
      // Every message frame's payload as it came over the socket (no compression is negotiated).
      c.io.engine.on('packet', (p: { data?: unknown }) => {
        if (typeof p.data === 'string') bytes.set(label, bytes.get(label)! + p.data.length + 1);
        else if (p.data instanceof ArrayBuffer || ArrayBuffer.isView(p.data)) bytes.set(label, bytes.get(label)! + p.data.byteLength + 1);
      });
      clients.push(c);
      return c;
    };
    const view = { eventId: event.id, raceId: 'marathon', limit: 100 };
    const views: [string, object][] = [
      ['window: top 100', { ...view, offset: 0 }],
      ['window: top 100 women', { ...view, offset: 0, gender: 'F' }],
      ['window: top 100 of one country', { ...view, offset: 0, country: 'KEN' }],
      ['window: 100 rows mid-field', { ...view, offset: Math.floor(s.runners / 2) }],
    ];
    // The client's own work per update, on this machine's CPU (a phone's is a few times slower):
    // applying a window update, against applying a whole-race update and ranking the field, which
    // is what every leaderboard did before views.
    let windowWorkMs = 0;
    let wholeWorkMs = 0;
    for (const [label, v] of views) {
      const c = await connect(label);
      const res = await c.emitWithAck('race:view', v as never);
      if (!res.ok) throw new Error(res.error);
      if (label !== 'window: top 100') continue;
      const state = fromWindowSnapshot(decodeWindowSnapshot(res.data));
      c.on('race:window', (u) => {
        const t0 = performance.now();
        applyWindowUpdate(state, u, Date.now());
        windowRows(state);
        windowWorkMs += performance.now() - t0;
      });
    }
    const overview = await connect('overview summary');
    await overview.emitWithAck('race:summary', { eventId: event.id, raceId: 'marathon' });
    const screen = await connect('stadium screen (stage and field)');
    if (!(await screen.emitWithAck('race:stage', { eventId: event.id, raceId: 'marathon', point: 'finish' })).ok) throw new Error('no stage');
    if (!(await screen.emitWithAck('field:subscribe', { eventId: event.id, raceId: 'marathon' })).ok) throw new Error('no field');
    const whole = await connect('whole race (race:subscribe)', true);
    const snap = await whole.emitWithAck('race:subscribe', { eventId: event.id, raceId: 'marathon' });
    if (!snap.ok) throw new Error(snap.error);
    const raceState = fromSnapshot(snap.data);
    whole.on('race:update', (u) => {
      const t0 = performance.now();
      applyUpdate(raceState, u, Date.now());
      leaderboard(raceState.rows.values(), { offset: 0, limit: 100 });
      wholeWorkMs += performance.now() - t0;
    });
    // Count what the stretch sends, not the answers to joining.
    for (const k of bytes.keys()) bytes.set(k, 0);
    const computationsBefore = server.hub.views.computations;

    const sliceMs = 250 * s.speed;
    const during = reads.filter((r) => r.time >= from && r.time < to);
    let i = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let t = from; t < to; t += sliceMs) {
      const slice: PlannedRead[] = [];
      while (i < during.length && during[i].time < t + sliceMs) slice.push(during[i++]);
      await ingest(slice);
    }
    // A round trip on each socket: whatever was sent before it has arrived.
    await Promise.all(clients.map((c) => c.emitWithAck('race:unsubscribe', { eventId: event.id, raceId: 'nope' })));
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const replayedSeconds = s.spanMs / 1000 / s.speed;
    const figures: Figure[] = [...bytes].map(([label, n]) => {
      const perSecond = round(n / 1024 / replayedSeconds, 2);
      const target = label.startsWith('window') ? (s.speed === 1 ? '<= 3' : '<= 40') : undefined;
      const limit = s.speed === 1 ? 3 : 40;
      return { measure: `${s.label}, ${label}`, value: perSecond, unit: 'KB/s', ...(target ? { target, met: perSecond <= limit } : {}) };
    });
    const updates = Math.ceil(s.spanMs / sliceMs);
    figures.push(
      { measure: `${s.label}, client work per second, top-100 window (this CPU)`, value: round((windowWorkMs / replayedSeconds / 1000) * 100, 2), unit: '% of a core' },
      { measure: `${s.label}, client work per second, whole race ranked on the client (this CPU)`, value: round((wholeWorkMs / replayedSeconds / 1000) * 100, 2), unit: '% of a core' },
    );
    figures.push({ measure: `${s.label}, filtered orderings computed per race update (4 windows, 3 filters)`, value: round((server.hub.views.computations - computationsBefore) / updates, 2), unit: '' });
    return {
      figures,
      details: { runners: s.runners, speed: s.speed, reads: during.length, raceMinutes: s.spanMs / 60_000, busiestFrom: new Date(from).toISOString(), wallMs: Math.round(wallMs), serverCpuMs: Math.round((used.user + used.system) / 1000) },
    };
  } finally {
    for (const c of clients) c.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const viewBytesBenchmark: Benchmark = {
  name: 'view-bytes',
  async run({ quick, log }) {
    const nyc = quick ? 300 : Number(process.env.BENCH_VIEW_NYC_RUNNERS ?? 56_000);
    const boston = quick ? 300 : Number(process.env.BENCH_VIEW_BOSTON_RUNNERS ?? 26_600);
    const scenarios: Scenario[] = [
      { label: `Boston-size (${boston} runners) at 60×, busiest ${quick ? '20 min' : 'hour'}`, runners: boston, speed: 60, spanMs: (quick ? 20 : 60) * 60_000 },
      { label: `NYC (${nyc} runners) at 1×, busiest ${quick ? 2 : 10} min`, runners: nyc, speed: 1, spanMs: (quick ? 2 : 10) * 60_000 },
    ];
    const figures: Figure[] = [];
    const details: Record<string, unknown> = {};
    // BENCH_VIEW_ONLY=nyc or =boston runs one of the two (each takes minutes at full size).
    const only = process.env.BENCH_VIEW_ONLY?.toLowerCase();
    for (const s of scenarios.filter((x) => !only || x.label.toLowerCase().startsWith(only))) {
      const out = await measure(s, log);
      for (const f of out.figures) log(`${f.measure}: ${f.value} ${f.unit}`);
      figures.push(...out.figures);
      details[s.label] = out.details;
    }
    return { figures, details };
  },
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = await viewBytesBenchmark.run({ quick: process.argv.includes('--quick'), log: (m) => console.error(m) });
  for (const f of out.figures) console.log(`${f.measure}: ${f.value} ${f.unit}${f.target ? ` (target ${f.target}: ${f.met ? 'met' : 'NOT met'})` : ''}`);
  console.log(JSON.stringify(out.details, null, 2));
}
