// CLIENT_DIR: unset serves the built client from dist/client; empty serves no client (an API-only
// instance behind another web server), neither falling back to the default nor refused.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSplitcast, type Splitcast } from '../server/app';
import { configWith, loadConfig } from '../server/config';
import { tempDataDir } from './support/servers';

const servers: Splitcast[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

async function start(clientDir: string): Promise<Splitcast> {
  const s = await createSplitcast(configWith({ PORT: 0, HOST: '127.0.0.1', DATA_DIR: tempDataDir(), CLIENT_DIR: clientDir }));
  servers.push(s);
  return s;
}

describe('CLIENT_DIR', () => {
  it('unset is dist/client; empty is empty, not the default', () => {
    expect(loadConfig({}).CLIENT_DIR).toBe('dist/client');
    expect(loadConfig({ CLIENT_DIR: '' }).CLIENT_DIR).toBe('');
    expect(loadConfig({ CLIENT_DIR: 'build/web' }).CLIENT_DIR).toBe('build/web');
  });

  it('empty serves no client: pages are 404, the API answers', async () => {
    const clientDir = mkdtempSync(join(tmpdir(), 'splitcast-client-'));
    writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>client</title>');
    const withClient = await start(clientDir);
    expect((await fetch(`${withClient.url}/e/some-event`)).status).toBe(200);

    const without = await start(loadConfig({ CLIENT_DIR: '' }).CLIENT_DIR);
    expect((await fetch(`${without.url}/e/some-event`)).status).toBe(404);
    expect((await fetch(`${without.url}/`)).status).toBe(404);
    expect((await fetch(`${without.url}/api/events`)).status).toBe(200);
  });
});
