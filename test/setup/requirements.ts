// What the suite needs from the machine, checked before anything runs.
import { execFileSync } from 'node:child_process';

/** Stops the run at once with one line that says what to install. */
export function stopWithOneLine(line: string): never {
  process.stderr.write(`\n${line}\n\n`);
  process.exit(1);
}

export function onPath(command: string): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v "$0"', command], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
