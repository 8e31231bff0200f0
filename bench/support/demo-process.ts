// The real server from its TypeScript sources (`tsx server/main.ts`, as `npm run dev` runs it),
// with a results file as its demo: a child process, on a free port, with a fresh data directory
// and the built client.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readyLine, startProcess, tsxArgs } from './start-process';

export interface DemoProcess {
  url: string;
  eventId: string;
  pid: number;
  close(): Promise<void>;
}

export async function startResultsDemoProcess(options: { file: string; speed: number; clientDir: string; env?: Record<string, string> }): Promise<DemoProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'splitcast-demo-'));
  const p = startProcess({
    args: tsxArgs('server/main.ts'),
    env: { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, CLIENT_DIR: options.clientDir, TILE_URL: '', LOG_LEVEL: 'warn', DEMO_RESULTS: options.file, DEMO_SPEED: String(options.speed), ...options.env },
  });
  const found = await readyLine(p, /Splitcast demo: (http:\/\/[^/\s]+)\/e\/([^\s]+)/, 'demo server');
  return {
    url: found[1],
    eventId: found[2],
    pid: p.child.pid!,
    async close() {
      await p.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
