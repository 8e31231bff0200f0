// Launches test/support/child-entry.ts as a real child process, so tests can SIGKILL it.
import type { ChildProcess } from 'node:child_process';
import type { EventSetup } from '../../shared/domain';
import { readyLine, startProcess, tsxArgs } from '../../bench/support/start-process';

const ENTRY = 'test/support/child-entry.ts';

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

export async function startChildServer(options: ChildServerOptions): Promise<ChildServer> {
  const p = startProcess({
    args: tsxArgs(ENTRY),
    env: {
      PORT: String(options.port),
      DATA_DIR: options.dataDir,
      SPLITCAST_EVENT: JSON.stringify(options.event),
      SPLITCAST_TOKEN: options.token,
      ...options.env,
    },
  });
  const [line] = await readyLine(p, /^\{"ready".*$/m, 'child server');
  const { url } = JSON.parse(line) as { url: string };
  return { url, startup: p.output(), process: p.child, exited: p.exited, kill: (signal = 'SIGKILL') => p.stop(signal) };
}
