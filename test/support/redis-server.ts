// A private redis-server on its own port, so a test can stop and restart Redis without touching
// the shared one.
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './child-server';

export interface PrivateRedis {
  port: number;
  url: string;
  /** Kill the server (SIGKILL): clients see the connection drop at once. */
  stop(): Promise<void>;
  /** Start it again on the same port. */
  start(): Promise<void>;
}

function launch(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((res, rej) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ready to accept connections')) {
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        res(child);
      }
    });
    child.once('exit', (code) => rej(new Error(`redis-server exited (${code}): ${out.slice(-500)}`)));
  });
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | null = await launch(port);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      const c = child;
      child = null;
      if (!c || c.exitCode !== null) return;
      const gone = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await gone;
    },
    async start() {
      child = await launch(port);
    },
  };
}
