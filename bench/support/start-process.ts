// The one way tests and benchmarks start a server (or any program of this repository) in a process
// of its own: spawned from the repository's root, its output's tail kept for the error that says
// why it did not come up, ready when it prints a line or sends a message, stopped by a signal.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

/** Node running a TypeScript file of the repository through tsx (Node loads tsx itself, so a kill reaches the server). */
export const tsxArgs = (file: string, nodeFlags: readonly string[] = []): string[] => [...nodeFlags, '--import', 'tsx', resolve(ROOT, file)];

export interface StartedProcess {
  child: ChildProcess;
  /** The last 64 KB it wrote (stderr, and stdout when piped). */
  output(): string;
  /** The exit code or signal, once the process is gone. */
  exited: Promise<number | string | null>;
  /** Send `signal` if it still runs, and wait for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | string | null>;
}

export interface StartOptions {
  /** The program; Node itself when left out. */
  file?: string;
  args: string[];
  env: Record<string, string>;
  /** Where stdout goes: piped (and kept in `output`), ignored, or a file descriptor. */
  stdout?: 'pipe' | 'ignore' | number;
  /** An IPC channel, for a server that reports over messages. */
  ipc?: boolean;
  /** Its own process group, so a kill of the group reaches its children. */
  detached?: boolean;
}

export function startProcess(options: StartOptions): StartedProcess {
  const stdio: StdioOptions = ['ignore', options.stdout ?? 'pipe', 'pipe', ...(options.ipc ? (['ipc'] as const) : [])];
  const child = spawn(options.file ?? process.execPath, options.args, { cwd: ROOT, env: { ...process.env, ...options.env }, stdio, detached: options.detached });
  let output = '';
  const keep = (d: Buffer) => void (output = (output + d.toString()).slice(-65_536));
  child.stderr!.on('data', keep);
  child.stdout?.on('data', keep);
  // A dead child's IPC channel fails on send: the promises report it, the runner does not crash.
  child.on('error', () => undefined);
  const exited = new Promise<number | string | null>((res) => child.once('exit', (code, signal) => res(signal ?? code)));
  return {
    child,
    output: () => output,
    exited,
    stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Resolves with the first match of `pattern` in what it writes; rejects if it exits first. */
export function readyLine(p: StartedProcess, pattern: RegExp, what = 'server'): Promise<RegExpExecArray> {
  return new Promise((res, rej) => {
    const check = () => {
      const m = pattern.exec(p.output());
      if (!m) return;
      p.child.stdout?.off('data', check);
      p.child.stderr?.off('data', check);
      res(m);
    };
    p.child.stdout?.on('data', check);
    p.child.stderr?.on('data', check);
    void p.exited.then((how) => rej(new Error(`${what} exited (${how}) before it was ready: ${p.output()}`)));
  });
}

/** Resolves with the first IPC message of `type`; rejects if it exits first. */
export function readyMessage<T extends { type: string }>(p: StartedProcess, type: T['type'], what = 'server'): Promise<T> {
  return new Promise((res, rej) => {
    const listener = (m: T) => {
      if (m.type !== type) return;
      p.child.off('message', listener);
      res(m);
    };
    p.child.on('message', listener);
    void p.exited.then((how) => rej(new Error(`${what} exited (${how}) before it was ready: ${p.output()}`)));
  });
}
