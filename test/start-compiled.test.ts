// `npm start`'s command as package.json has it, in a real process: with no stamps it builds the
// client and the server (into directories of this test's own), then serves from the compiled
// server; started again with nothing changed, it builds nothing and serves at once.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_EVENT_ID } from '../server/demo/demo-event';
import { freePort } from './support/child-server';
import { tempDataDir } from './support/servers';
import { waitFor } from './support/wait-for';
import { startScript } from '../bench/support/start-script';

const ROOT = resolve(import.meta.dirname, '..');
// Under the repository, so the compiled server finds node_modules as dist/server does.
mkdirSync(join(ROOT, 'dist'), { recursive: true });
const builds = mkdtempSync(join(ROOT, 'dist', 'test-start-'));
const dataDir = tempDataDir();
afterAll(() => {
  rmSync(builds, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

/** Runs the start command until the demo event is listed; returns what it printed, then stops it. */
async function startAndStop(port: number): Promise<string> {
  const { env, args } = startScript();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      CLIENT_DIR: join(builds, 'client'),
      SERVER_BUILD_DIR: join(builds, 'server'),
      REDIS_URL: '',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise((res) => child.once('exit', res));
  try {
    const events = () => fetch(`http://127.0.0.1:${port}/api/events`).then((r) => r.json() as Promise<{ id: string }[]>);
    await waitFor(events, (list) => list.some((e) => e.id === DEMO_EVENT_ID), `the demo event listed (output: ${output})`, 180_000);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  return output;
}

describe('npm start', () => {
  it('builds what has no stamp, serves the compiled server, and builds nothing the next time', async () => {
    const port = await freePort();
    const first = await startAndStop(port);
    expect(first).toMatch(/client built into/);
    expect(first).toMatch(/server built into/);
    const main = join(builds, 'server', 'main.js');
    const built = statSync(main).mtimeMs;

    const second = await startAndStop(port);
    expect(second).not.toMatch(/built into/);
    expect(statSync(main).mtimeMs).toBe(built);
  }, 300_000);
});
