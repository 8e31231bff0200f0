// Launches test/support/child-entry.ts as a real child process, so tests can SIGKILL it. Node itself
// loads tsx (not the tsx wrapper, which would leave the server running when killed).
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { EventSetup } from '../../shared/domain';

const ENTRY = resolve(import.meta.dirname, 'child-entry.ts');

export interface ChildServer {
  url: string;
  process: ChildProcess;
  /** What it printed before it was ready (its start-up log). */
  startup: string;
  /** Resolves with the exit code or signal once the process is gone. */
  exited: Promise<number | string | null>;
  kill(signal?: NodeJS.Signals): Promise<number | string | null>;
}

export interface ChildServerOptions {
  port: number;
  dataDir: string;
  event: EventSetup;
  token: string;
  env?: Record<string, string>;
}

/** A port that was free a moment ago; the child listens on it, so restarts keep the same URL. */
export { freeLoopbackPort as freePort } from '../../server/cluster/free-port';

export function startChildServer(options: ChildServerOptions): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    cwd: resolve(import.meta.dirname, '../..'),
    env: {
      ...process.env,
      PORT: String(options.port),
      DATA_DIR: options.dataDir,
      SPLITCAST_EVENT: JSON.stringify(options.event),
      SPLITCAST_TOKEN: options.token,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | string | null>((res) => child.once('exit', (code, signal) => res(signal ?? code)));
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  return new Promise((res, rej) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{"ready"'));
      if (!line) return;
      child.stdout!.off('data', onData);
      child.stdout!.resume();
      const { url } = JSON.parse(line) as { url: string };
      res({
        url,
        startup: out,
        process: child,
        exited,
        kill(signal = 'SIGKILL') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    void exited.then((how) => rej(new Error(`child server exited (${how}) before it was ready: ${stderr}`)));
  });
}
