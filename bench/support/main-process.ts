// The real server, in its own process group so a kill -9 reaches npm's children too. No IPC: what
// the benchmark learns, it learns over HTTP and /proc, as an operator would.
import { openSync } from 'node:fs';
import { startProcess } from './start-process';
import { startScript } from './start-script';
import { readFileSync } from 'node:fs';


export interface MainProcess {
  url: string;
  /** The process group's leader (npm, or node running tsx). */
  pid: number;
  /** Resident memory in MB of the node process serving, from /proc. */
  rssMb(): number;
  /** CPU seconds (user and system, every thread) the group's processes have used so far, from /proc. */
  cpuSeconds(): number;
  /** kill -9 the whole group, as a crash or the OOM killer would. */
  kill9(): Promise<void>;
  /** SIGTERM, and wait for the exit. */
  stop(): Promise<void>;
}

export { freeLoopbackPort as freePort } from '../../server/cluster/free-port';

/**
 * How the server is started: 'npm-start', the README's start command itself; 'compiled', what it
 * runs (`node server/start.js`: builds what changed, then the compiled server) without npm, so
 * `nodeFlags` can be given; 'tsx', the TypeScript sources through tsx (`npm run dev`'s way).
 */
export type StartCommand = 'npm-start' | 'compiled' | 'tsx';

/** Start the server and resolve once `/api/health` answers. */
export async function startMain(options: { env: Record<string, string>; port: number; command: StartCommand; nodeFlags?: string[] }): Promise<MainProcess> {
  const flags = options.nodeFlags ?? [];
  const script = startScript();
  const [file, args] =
    options.command === 'npm-start'
      ? ['npm', ['start']]
      : [process.execPath, options.command === 'compiled' ? [...flags, ...script.args] : [...flags, '--import', 'tsx', 'server/main.ts']];
  const p = startProcess({
    file: file as string,
    args: args as string[],
    // 'compiled' with the variables npm start sets, as npm start would.
    env: { ...(options.command === 'compiled' ? script.env : {}), ...options.env, PORT: String(options.port), HOST: '127.0.0.1' },
    // BENCH_SERVER_LOG=<file>: the server's log goes there.
    stdout: process.env.BENCH_SERVER_LOG ? openSync(process.env.BENCH_SERVER_LOG, 'a') : 'ignore',
    detached: true,
  });
  const { child, exited } = p;
  const url = `http://127.0.0.1:${options.port}`;
  await waitFor(async () => {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited before it answered: ${p.output()}`);
    const res = await fetch(`${url}/api/health`).catch(() => null);
    return res !== null;
  }, 600_000);
  const pid = child.pid!;
  return {
    url,
    pid,
    rssMb: () => rssOfGroup(pid),
    cpuSeconds: () => cpuOfGroup(pid),
    async kill9() {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      await exited;
    },
    async stop() {
      await p.stop();
    },
  };
}

/** Poll `check` until it returns true; throws when `timeoutMs` passes first. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, everyMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`not ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The largest RSS among the group's node processes: the one serving (npm itself is small). */
function rssOfGroup(leader: number): number {
  const pids = [leader, ...childrenOf(leader)];
  let largest = 0;
  for (const pid of pids) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
      largest = Math.max(largest, kb / 1024);
    } catch {
      // The process ended meanwhile.
    }
  }
  return Math.round(largest);
}

// /proc counts CPU time in clock ticks: 100 a second on Linux.
const TICKS_PER_SECOND = 100;

function cpuOfGroup(leader: number): number {
  let ticks = 0;
  for (const pid of [leader, ...childrenOf(leader)]) {
    try {
      // utime and stime follow the command name, which is in parentheses and may hold spaces.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended meanwhile.
    }
  }
  return ticks / TICKS_PER_SECOND;
}

function childrenOf(pid: number): number[] {
  let direct: number[] = [];
  try {
    direct = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
  return direct.flatMap((c) => [c, ...childrenOf(c)]);
}
