// A fake timing controller, run as its own process: it connects to the TCP listener, does the
// format's handshake, streams its lines, drops the connection midway (leaving half a line), then
// reconnects and re-sends from an earlier line to the end, as a controller does after an outage.
// Run: node --import tsx test/support/fake-controller.ts  (options as JSON in FAKE_CONTROLLER).
import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { resolve } from 'node:path';

export interface FakeControllerOptions {
  port: number;
  token: string;
  format: 'chronotrack' | 'raceresult';
  /** ChronoTrack: the locations it reports when asked. */
  locations?: string[];
  lines: string[];
  /** Lines sent on the first connection before it drops. */
  dropAfter: number;
  /** First line sent again on the second connection. */
  resendFrom: number;
}

const CHUNK = 20;

function session(o: FakeControllerOptions, from: number, to: number, drop: boolean): Promise<void> {
  return new Promise((done) => {
    const socket: Socket = connect(o.port, '127.0.0.1');
    socket.setEncoding('latin1');
    let buffered = '';
    let streaming = false;
    const stream = () => {
      if (streaming) return;
      streaming = true;
      let i = from;
      const next = () => {
        const batch = o.lines.slice(i, Math.min(i + CHUNK, to));
        i += batch.length;
        if (batch.length > 0) socket.write(batch.map((l) => `${l}\r\n`).join(''));
        if (i < to) return setImmediate(next);
        if (drop) {
          // Half a line, then the cable is pulled.
          socket.write(o.lines[to]?.slice(0, 10) ?? 'CT01_33~', () => socket.destroy());
        } else socket.end();
      };
      next();
    };
    socket.on('connect', () => {
      if (o.format === 'chronotrack') socket.write('FakeController~1.0~CTP01\r\n');
      else {
        socket.write(`AUTH;${o.token}\r\n`);
        stream();
      }
    });
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\r\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line === 'getlocations') socket.write(`ack~getlocations~${(o.locations ?? []).join('~')}\r\n`);
        else if (line === 'authorize') socket.write(`ack~authorize~${o.token}\r\n`);
        else if (line === 'ping') socket.write('ack~ping\r\n');
        else if (line === 'start') stream();
      }
    });
    // A refused connection (bad token) is reset by the server: that ends the session, it is no failure.
    socket.on('error', () => {});
    socket.on('close', () => done());
  });
}

async function main(): Promise<void> {
  const o = JSON.parse(process.env.FAKE_CONTROLLER!) as FakeControllerOptions;
  await session(o, 0, o.dropAfter, true);
  await session(o, o.resendFrom, o.lines.length, false);
  process.stdout.write(`${JSON.stringify({ done: true, sent: o.dropAfter + o.lines.length - o.resendFrom })}\n`);
}

/** Run the fake controller as a child process; resolves with its exit code. */
export function runFakeController(options: FakeControllerOptions): Promise<number | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'fake-controller.ts')], {
    cwd: resolve(import.meta.dirname, '../..'),
    env: { ...process.env, FAKE_CONTROLLER: JSON.stringify(options) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout!.resume();
  return new Promise((res) => child.once('exit', (code) => res(code)));
}

if (process.env.FAKE_CONTROLLER && process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.dirname, 'fake-controller.ts')) {
  main().catch((err: Error) => {
    process.stderr.write(`fake controller failed: ${err.message}\n`);
    process.exit(1);
  });
}
