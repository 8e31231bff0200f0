// The real server from its TypeScript sources (`tsx server/main.ts`, as `npm run dev` runs it),
// with a results file as its demo: a child process, on a free port, with a fresh data directory
// and the built client.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

export interface DemoProcess {
  url: string;
  eventId: string;
  pid: number;
  close(): Promise<void>;
}

export async function startResultsDemoProcess(options: { file: string; speed: number; clientDir: string; env?: Record<string, string> }): Promise<DemoProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'splitcast-demo-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, CLIENT_DIR: options.clientDir, TILE_URL: '', LOG_LEVEL: 'warn', DEMO_RESULTS: options.file, DEMO_SPEED: String(options.speed), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (d: Buffer) => (output = (output + d.toString()).slice(-8000));
  child.stderr.on('data', collect);
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  const found = await new Promise<RegExpExecArray>((res, rej) => {
    child.once('exit', (code) => rej(new Error(`demo server exited (${code}) before it was ready: ${output}`)));
    child.stdout.on('data', (d: Buffer) => {
      collect(d);
      const m = /Splitcast demo: (http:\/\/[^/\s]+)\/e\/([^\s]+)/.exec(output);
      if (m) res(m);
    });
  });
  return {
    url: found[1],
    eventId: found[2],
    pid: child.pid!,
    async close() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
