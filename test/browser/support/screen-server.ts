// A demo server the screen tests can restart: the same data directory and port, and a simulator that
// goes on from the race clock where it stopped (feedDemo always starts at the wall clock).
import type { Browser, Page } from 'playwright-core';
import { createSplitcast, type Splitcast } from '../../../server/app';
import { configWith, type Config } from '../../../server/config';
import { demoEntrants, demoEvent, DEMO_EVENT_ID } from '../../../server/demo/demo-event';
import { Feeder } from '../../../server/simulator/feeder';
import { planReads } from '../../../server/simulator/plan';
import { eventSetupSchema, type EventSetup } from '../../../shared/domain';
import { TEST_CLUSTER_TOKEN } from '../../support/servers';

const TOKEN = 'screen-test-device-token';

/** The stadium screens the tests look at: 1080p and 4K. */
export const SCREEN_SIZES = [
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
];
/** The organizer who pins runners from the announcer's view. */
export const SCREEN_ADMIN = { email: 'announcer@splitcast.test', password: 'stadium screen password' };

/** The demo with its stadium loop measured by mats only (no course line), as small races often are. */
function withoutLoopLine(event: EventSetup): EventSetup {
  return { ...event, races: event.races.map((r) => (r.id === 'loop' ? { ...r, course: undefined, timingPoints: r.timingPoints.map(({ position: _p, ...p }) => p) } : r)) };
}

export interface ScreenServer {
  server: Splitcast;
  url: string;
  feeder: Feeder;
  /** Stop the feed and the server; what it takes to start again where it stopped. */
  stop(): Promise<{ port: number; clock: number }>;
  close(): Promise<void>;
}

export async function startScreenServer(options: { clientDir: string; dataDir: string; port: number; speed: number; clockStart?: number; config?: Partial<Config> }): Promise<ScreenServer> {
  const server = await createSplitcast(
    configWith({ PORT: options.port, HOST: '127.0.0.1', DATA_DIR: options.dataDir, CLIENT_DIR: options.clientDir, TILE_URL: '', COALESCE_MS: 100, ORGANIZER_EMAIL: SCREEN_ADMIN.email, ORGANIZER_PASSWORD: SCREEN_ADMIN.password, CLUSTER_TOKEN: TEST_CLUSTER_TOKEN, ...options.config }),
  );
  const { runtime, devices } = server.primary!;
  if (!runtime.has(DEMO_EVENT_ID)) runtime.saveSetup(withoutLoopLine(demoEvent(Date.now())));
  devices.create(DEMO_EVENT_ID, 'screen test feed', Date.now(), TOKEN);
  const { entrants: _e, ...info } = runtime.setup(DEMO_EVENT_ID)!;
  const setup = eventSetupSchema.parse({ ...info, entrants: demoEntrants() });
  const feeder = new Feeder({
    url: server.url,
    token: TOKEN,
    eventId: DEMO_EVENT_ID,
    reads: planReads(setup),
    speed: options.speed,
    clockStart: options.clockStart ?? Date.now(),
  });
  feeder.start();
  let closed = false;
  const close = async () => {
    feeder.stop();
    if (closed) return;
    closed = true;
    const closing = server.close();
    // Browsers keep HTTP connections open (keep-alive, a request in flight); a restart cuts them
    // as a crash would, instead of waiting for them.
    server.httpServer.closeAllConnections();
    await closing;
  };
  return {
    server,
    url: server.url,
    feeder,
    close,
    async stop() {
      const clock = feeder.clock();
      await close();
      return { port: server.port, clock };
    },
  };
}

/** The screen opened by its URL, once it shows a panel. */
export async function openScreen(browser: Browser, url: string, size: { width: number; height: number }, query: string): Promise<Page> {
  const page = await browser.newPage({ viewport: size, deviceScaleFactor: 1 });
  page.on('pageerror', (e) => console.error(`screen page error: ${e.message}`));
  await page.goto(`${url}/screen/${DEMO_EVENT_ID}?${query}`);
  await page.waitForSelector('[data-testid=screen] .panel');
  return page;
}

/** Shows another panel within the open screen (as the router would, so the live state stays loaded). */
export async function showPanels(page: Page, query: string, slide: string): Promise<void> {
  await page.evaluate((q) => {
    history.pushState(null, '', `${location.pathname}?${q}`);
    dispatchEvent(new PopStateEvent('popstate'));
  }, query);
  await page.waitForSelector(`[data-testid=screen][data-slide="${slide}"] .panel-${slide.split(':')[0]}`);
}
