// Timing equipment with a synchronous standby (SYNC_STANDBY=1), real processes on the real Redis:
// a ChronoTrack stream's passings are on the standby before the link answers the controller's next
// line, and a CSV backfill is answered only once the standby has its reads. A standby that stops
// answering holds the stream up to SYNC_TIMEOUT_MS, as it does the HTTP API's batches.
import { randomUUID } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { GUN } from './fixtures';
import { startChildServer, freePort, type ChildServer } from './support/child-server';
import { reliabilityEvent } from './support/race-fixture';
import { REDIS_URL, tempDataDir } from './support/servers';
import { waitFor } from './support/wait-for';

const SYNC_TIMEOUT_MS = 1500;
const event = reliabilityEvent(40);
const TOKEN = 'sync-timing-device-token';
const cluster = { REDIS_URL, REDIS_PREFIX: `sync-timing-${randomUUID()}`, CLUSTER_TOKEN: randomUUID(), ROLE: 'standby', LEASE_MS: '1000', SYNC_STANDBY: '1', SYNC_TIMEOUT_MS: String(SYNC_TIMEOUT_MS) };
const children: ChildServer[] = [];
let controller: Socket | undefined;
afterAll(async () => {
  controller?.destroy();
  for (const c of children) c.process.kill('SIGCONT');
  await Promise.all(children.map((c) => c.kill()));
});

interface Role {
  seq: number | null;
  standby?: { synchronous: boolean };
}
const roleOf = async (url: string): Promise<Role> => (await fetch(`${url}/api/cluster/role`)).json();

async function start(tcpPort: number): Promise<ChildServer> {
  const child = await startChildServer({ port: await freePort(), dataDir: tempDataDir(), event, token: TOKEN, env: { ...cluster, TIMING_TCP_PORT: String(tcpPort) } });
  children.push(child);
  return child;
}

/** A ChronoTrack controller: greets, answers the handshake, and hands each line it gets to `onLine`. */
function chronoTrack(port: number): Promise<{ socket: Socket; next: (expected: string) => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.setEncoding('latin1');
    let buffered = '';
    const waiting: { expected: string; done: () => void }[] = [];
    socket.on('error', reject);
    socket.on('connect', () => socket.write('TestController~1.0~CTP01\r\n'));
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\r\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line === 'getlocations') socket.write('ack~getlocations~start\r\n');
        else if (line === 'authorize') socket.write(`ack~authorize~${TOKEN}\r\n`);
        else if (line === 'start') resolve({ socket, next: (expected) => new Promise((done) => waiting.push({ expected, done })) });
        const i = waiting.findIndex((w) => w.expected === line);
        if (i >= 0) waiting.splice(i, 1)[0].done();
      }
    });
  });
}

let lineNo = 0;
/** A passing of chip C1…C40 at the start, in epoch seconds, with the controller's own line number. */
const passing = () => `CT01_33~${++lineNo}~start~C${(lineNo % 40) + 1}~${((GUN + lineNo * 1000) / 1000).toFixed(2)}~1~ED932A~1`;

describe('timing equipment with a synchronous standby', () => {
  let leader: ChildServer;
  let standby: ChildServer;
  let send: (lines: string[]) => Promise<number>;

  it('answers a stream only once the standby has its passings', async () => {
    const leaderTcp = await freePort();
    leader = await start(leaderTcp);
    standby = await start(await freePort());
    await waitFor(() => roleOf(leader.url), (r) => r.standby?.synchronous === true, 'the standby keeps up');
    const ct = await chronoTrack(leaderTcp);
    controller = ct.socket;
    // A ping after the passings: its answer comes once they are stored here and on the standby.
    send = async (lines) => {
      const started = performance.now();
      const answered = ct.next('ack~ping');
      ct.socket.write([...lines, 'ping'].map((l) => `${l}\r\n`).join(''));
      await answered;
      return performance.now() - started;
    };
    for (let i = 0; i < 10; i++) {
      await send([passing(), passing()]);
      const [mine, copy] = await Promise.all([roleOf(leader.url), roleOf(standby.url)]);
      expect(mine.seq).toBe(2 * (i + 1));
      expect(copy.seq).toBe(mine.seq);
    }
  });

  it('holds the stream while the standby does not answer, until SYNC_TIMEOUT_MS', async () => {
    standby.process.kill('SIGSTOP');
    const waited = await send([passing()]);
    expect(waited).toBeGreaterThanOrEqual(SYNC_TIMEOUT_MS - 50);
    expect((await roleOf(leader.url)).standby).toMatchObject({ synchronous: false });
    // Alone now: the next passing is answered at once.
    expect(await send([passing()])).toBeLessThan(SYNC_TIMEOUT_MS);
    standby.process.kill('SIGCONT');
    await waitFor(() => roleOf(leader.url), (r) => r.standby?.synchronous === true, 'the standby keeps up again');
  });

  it('answers a backfill only once the standby has its reads', async () => {
    const csv = ['point,chip,time', ...Array.from({ length: 5 }, (_, i) => `finish,C${i + 1},${new Date(GUN + 3_600_000 + i * 1000).toISOString()}`)].join('\n');
    const res = await fetch(`${leader.url}/api/events/${event.id}/timing/backfill`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${TOKEN}` }, body: csv });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { accepted: number }).accepted).toBe(5);
    const [mine, copy] = await Promise.all([roleOf(leader.url), roleOf(standby.url)]);
    expect(copy.seq).toBe(mine.seq);
  });
});
