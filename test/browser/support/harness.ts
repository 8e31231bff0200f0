// Browser-test harness: the client built once for the run (test/setup/global-setup.ts), the real server on port 0 with the demo event fed
// at high speed through the real ingest, and Debian's Chromium driven by playwright-core.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { inject } from 'vitest';
import { createSplitcast, type Splitcast } from '../../../server/app';
import { configWith, type Config } from '../../../server/config';
import { demoEvent, DEMO_EVENT_ID } from '../../../server/demo/demo-event';
import type { Feeder } from '../../../server/simulator/feeder';
import { feedDemo } from '../../../server/simulator/demo-feed';

import { CHROMIUM, CHROMIUM_ARGS } from './chromium';

export const ARTIFACTS = resolve('test-artifacts');

/** The client built for this run; the server only reads it, so every browser test shares it. */
export function builtClient(): string {
  return inject('clientDir');
}

export interface DemoServer {
  server: Splitcast;
  url: string;
  feeder: Feeder;
  eventId: string;
  close(): Promise<void>;
}

/** The real server on port 0 with a fresh data directory, serving the built client without tiles. */
export function startClientServer(clientDir: string, config: Partial<Config> = {}): Promise<Splitcast> {
  const dataDir = mkdtempSync(join(tmpdir(), 'splitcast-browser-'));
  return createSplitcast(configWith({ PORT: 0, HOST: '127.0.0.1', DATA_DIR: dataDir, CLIENT_DIR: clientDir, TILE_URL: '', COALESCE_MS: 100, ...config }));
}

export async function startDemoServer(options: { clientDir: string; speed: number; config?: Partial<Config> }): Promise<DemoServer> {
  const server = await startClientServer(options.clientDir, options.config);
  const { runtime, devices } = server.primary!;
  runtime.saveSetup(demoEvent(Date.now()));
  const { token } = devices.create(DEMO_EVENT_ID, 'browser test feed', Date.now());
  const feeder = await feedDemo({ url: server.url, token, speed: options.speed });
  return {
    server,
    url: server.url,
    feeder,
    eventId: DEMO_EVENT_ID,
    async close() {
      feeder.stop();
      await server.close();
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
