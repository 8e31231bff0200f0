// How the built client is cached by browsers: the service worker and index.html are checked on every
// load (so a new build reaches the screens), hashed assets are kept for an hour.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSplitcast, type Splitcast } from '../server/app';
import { configWith } from '../server/config';
import { tempDataDir } from './support/servers';

let server: Splitcast;
beforeAll(async () => {
  const clientDir = mkdtempSync(join(tmpdir(), 'splitcast-fake-client-'));
  mkdirSync(join(clientDir, 'assets'));
  writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>client</title>');
  writeFileSync(join(clientDir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  writeFileSync(join(clientDir, 'assets', 'index-abc123.js'), 'console.log(1);');
  server = await createSplitcast(configWith({ PORT: 0, HOST: '127.0.0.1', DATA_DIR: tempDataDir(), CLIENT_DIR: clientDir }));
});
afterAll(async () => {
  await server?.close();
});

describe('the client in browsers\' caches', () => {
  it('the service worker, index.html and deep links: checked on every load', async () => {
    for (const path of ['/sw.js', '/index.html', '/screen/some-event']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe('no-cache');
    }
  });

  it('hashed assets: an hour', async () => {
    const res = await fetch(`${server.url}/assets/index-abc123.js`);
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
  });
});
