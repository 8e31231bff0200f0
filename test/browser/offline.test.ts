// Offline at the venue, in Chromium against the real server and the built client: with a local
// MBTiles file every page (race page, runner page, Persian pages, stadium screen, console) draws its
// tiles from /tiles and no request is meant for another machine; with TILE_URL= no tile is drawn and
// nothing leaves either; a tile server elsewhere is seen leaving (the watch works). Then the screen,
// the spectator page and the console reload from the service worker's cache while the server is
// stopped and say they are offline (the screen still showing its map and field), and resync when
// the server is back.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoEvent, DEMO_EVENT_ID } from '../../server/demo/demo-event';
import { builtClient, startDemoServer, type DemoServer } from './support/harness';
import { demoTiles, drawnTiles, launchIsolatedChromium, TILE_COLOUR, waitForLocalTiles, watchRequests } from './support/offline';
import { mapPixels, screenshot } from './support/pages';
import { startScreenServer, type ScreenServer } from './support/screen-server';

const ADMIN = { email: 'venue@splitcast.test', password: 'no internet at the venue' };
const EVENT_NAME = demoEvent(Date.now()).name;
const RACE_PAGE = `/e/${DEMO_EVENT_ID}/race/marathon`;
const SCREEN_PAGE = `/screen/${DEMO_EVENT_ID}?panels=map&races=marathon&lang=fa`;
const CONSOLE_PAGE = `/console/events/${DEMO_EVENT_ID}/setup`;

let clientDir: string;
let browser: Browser;
let tiles: ReturnType<typeof demoTiles>;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  clientDir = builtClient();
  tiles = demoTiles();
  browser = await launchIsolatedChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

async function newContext(options: { width?: number; height?: number; persian?: boolean } = {}) {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 800 }, deviceScaleFactor: 1 });
  contexts.push(context);
  if (options.persian) {
    await context.addInitScript(() => {
      // The blank page a tab starts on has no storage.
      if (location.protocol === 'http:') localStorage.setItem('splitcast.lang', 'fa');
    });
  }
  const seen = watchRequests(context);
  const errors: string[] = [];
  // Page errors and anything the Content-Security-Policy blocked (a tile, a font, the worker).
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  context.on('page', (p) => {
    p.on('pageerror', (e) => errors.push(e.message));
    p.on('console', (m) => /CSP violation|Content[- ]Security[- ]Policy/i.test(m.text()) && errors.push(m.text()));
  });
  return { context, seen, errors };
}

const logIn = async (context: BrowserContext, url: string) => {
  const res = await context.request.post(`${url}/api/organizer/login`, { data: ADMIN });
  expect(res.status()).toBe(200);
};

/** A loaded Vazirmatn face: the page's Persian text is drawn in the bundled font. */
const vazirmatnLoaded = (page: Page) =>
  page.waitForFunction(() => [...document.fonts].some((f) => f.family.replace(/["']/g, '') === 'Vazirmatn' && f.status === 'loaded'), undefined, { timeout: 15_000 });

async function expectLocalTiles(page: Page, within: string) {
  await waitForLocalTiles(page, 4, within);
  const drawn = await drawnTiles(page, within);
  expect(drawn.foreign).toEqual([]);
  expect(drawn.colour).toEqual(TILE_COLOUR);
}

describe('tiles from a local MBTiles file', () => {
  let demo: DemoServer;
  beforeAll(async () => {
    demo = await startDemoServer({ clientDir, speed: 60, config: { TILES_MBTILES: tiles.file, ORGANIZER_EMAIL: ADMIN.email, ORGANIZER_PASSWORD: ADMIN.password } });
  });
  afterAll(async () => {
    for (const c of contexts.splice(0)) await c.close();
    await demo?.close();
  });

  it('race page: the map draws tiles from /tiles, with the file\'s attribution, and nothing leaves the machine', async () => {
    const { context, seen, errors } = await newContext();
    const page = await context.newPage();
    await page.goto(`${demo.url}${RACE_PAGE}`);
    await page.waitForSelector('[data-testid=connection][data-state=live]');
    await page.waitForSelector('[data-testid=leaderboard] .lb-row');
    await expectLocalTiles(page, '[data-testid=map]');
    expect(await page.locator('[data-testid=map] .leaflet-control-attribution').innerText()).toContain('© OpenStreetMap contributors');
    await screenshot(page, 'offline-race-page-local-tiles');
    expect(seen.local.filter((u) => u.includes('/tiles/')).length).toBeGreaterThan(0);
    expect(seen.leaving).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('runner page and the Persian race page: the bundled Persian font, nothing leaves', async () => {
    const { context, seen, errors } = await newContext({ persian: true });
    const page = await context.newPage();
    await page.goto(`${demo.url}${RACE_PAGE}`);
    await page.waitForFunction(() => document.documentElement.lang === 'fa');
    await page.waitForSelector('[data-testid=leaderboard] .lb-row');
    await expectLocalTiles(page, '[data-testid=map]');
    await vazirmatnLoaded(page);
    await screenshot(page, 'offline-race-page-persian');
    const bib = await page.locator('[data-testid=leaderboard] .lb-row').first().getAttribute('data-bib');
    await page.goto(`${demo.url}/e/${DEMO_EVENT_ID}/runner/${bib}`);
    await page.waitForSelector('[data-testid=splits] tbody tr');
    await vazirmatnLoaded(page);
    expect(seen.local.some((u) => /\/assets\/vazirmatn-arabic-\d+-normal-[\w-]+\.woff2$/.test(u))).toBe(true);
    expect(seen.leaving).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('stadium screen in Persian: the map panel draws tiles from /tiles, nothing leaves', async () => {
    const { context, seen, errors } = await newContext({ width: 1920, height: 1080 });
    const page = await context.newPage();
    await page.goto(`${demo.url}${SCREEN_PAGE}`);
    await page.waitForSelector('[data-testid=screen] .panel-map');
    await expectLocalTiles(page, '[data-testid=screen-map]');
    await vazirmatnLoaded(page);
    await screenshot(page, 'offline-screen-local-tiles');
    expect(seen.leaving).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('console: the course picker draws tiles from /tiles, nothing leaves', async () => {
    const { context, seen, errors } = await newContext();
    await logIn(context, demo.url);
    const page = await context.newPage();
    await page.goto(`${demo.url}${CONSOLE_PAGE}`);
    await page.waitForSelector('.console-map');
    await expectLocalTiles(page, '.console-map');
    await page.waitForSelector('.console-bar [data-testid=connection][data-state=live]');
    await page.locator('.console-map').first().scrollIntoViewIfNeeded();
    await screenshot(page, 'offline-console-local-tiles');
    expect(seen.leaving).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe('no tiles (TILE_URL=)', () => {
  let demo: DemoServer;
  beforeAll(async () => {
    // The harness's servers run with TILE_URL set empty.
    demo = await startDemoServer({ clientDir, speed: 60 });
  });
  afterAll(async () => {
    for (const c of contexts.splice(0)) await c.close();
    await demo?.close();
  });

  it('the race page and the screen draw the course on a plain background; nothing leaves', async () => {
    const { context, seen, errors } = await newContext();
    const page = await context.newPage();
    await page.goto(`${demo.url}${RACE_PAGE}`);
    await page.waitForSelector('[data-testid=runner-canvas]');
    await expect.poll(async () => (await mapPixels(page)).course, { timeout: 15_000 }).toBeGreaterThan(500);
    const screen = await context.newPage();
    await screen.setViewportSize({ width: 1920, height: 1080 });
    await screen.goto(`${demo.url}${SCREEN_PAGE}`);
    await screen.waitForSelector('[data-testid=screen] .panel-map .leaflet-overlay-pane svg path');
    for (const p of [page, screen]) expect(await p.locator('img.leaflet-tile').count()).toBe(0);
    await screenshot(page, 'offline-race-page-no-tiles');
    expect(seen.local.filter((u) => u.includes('/tiles/'))).toEqual([]);
    expect(seen.leaving).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe('a tile server elsewhere (the watch sees what would leave)', () => {
  let demo: DemoServer;
  beforeAll(async () => {
    demo = await startDemoServer({ clientDir, speed: 60, config: { TILE_URL: 'https://tiles.example.test/{z}/{x}/{y}.png' } });
  });
  afterAll(async () => {
    for (const c of contexts.splice(0)) await c.close();
    await demo?.close();
  });

  it('tile requests for the other host are seen (and resolve nowhere)', async () => {
    const { context, seen } = await newContext();
    const page = await context.newPage();
    await page.goto(`${demo.url}${RACE_PAGE}`);
    await page.waitForSelector('[data-testid=map] img.leaflet-tile', { state: 'attached' });
    await expect.poll(() => seen.leaving.length).toBeGreaterThan(0);
    expect(seen.leaving.every((u) => u.startsWith('https://tiles.example.test/'))).toBe(true);
  });
});

describe('pages that survive a network drop', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'splitcast-offline-'));
  const config = () => ({ TILES_MBTILES: tiles.file, ORGANIZER_EMAIL: ADMIN.email, ORGANIZER_PASSWORD: ADMIN.password });
  let server: ScreenServer;
  afterAll(async () => {
    for (const c of contexts.splice(0)) await c.close();
    await server?.close();
  });

  it('the screen, the race page and the console reload from the cache with the server stopped, say offline, and resync when it is back', async () => {
    server = await startScreenServer({ clientDir, dataDir, port: 0, speed: 30, config: config() });
    const { context, seen, errors } = await newContext({ width: 1920, height: 1080 });
    await logIn(context, server.url);
    const screen = await context.newPage();
    await screen.goto(`${server.url}${SCREEN_PAGE}`);
    await screen.waitForSelector('[data-testid=screen] .panel-map');
    await expectLocalTiles(screen, '[data-testid=screen-map]');
    // The screen's ?lang=fa is remembered by this browser: the other pages are asked for in English.
    const race = await context.newPage();
    await race.goto(`${server.url}${RACE_PAGE}?lang=en`);
    await race.waitForSelector('[data-testid=leaderboard] .lb-row');
    const console_ = await context.newPage();
    await console_.goto(`${server.url}${CONSOLE_PAGE}?lang=en`);
    await console_.waitForSelector('.console-map');
    const pages = [screen, race, console_];
    // Ready for a drop: the worker is in charge and has the event's data and the tile settings.
    // Polled on a timer, not on animation frames: the pages opened first are background tabs now,
    // and Chromium may hold a background tab's frames back for as long as it likes.
    for (const p of pages) await p.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { polling: 100, timeout: 30_000 });
    await screen.waitForFunction(
      async (id) => Boolean((await caches.match(`/api/events/${id}`)) && (await caches.match('/api/config')) && (await caches.match(`/kept/races/${id}/marathon`))),
      DEMO_EVENT_ID,
      { polling: 100, timeout: 15_000 },
    );

    const { port, clock } = await server.stop();
    expect((await fetch(`http://127.0.0.1:${port}/`).catch(() => null))?.status).toBeUndefined();
    for (const p of pages) await p.reload();

    await screen.waitForSelector('[data-testid=screen-reconnecting][data-state=offline]');
    expect(await screen.locator('[data-testid=screen-reconnecting]').innerText()).toBe('قطع – در حال اتصال دوباره');
    expect(await screen.locator('.screen-title').innerText()).toBe(EVENT_NAME);
    // Not blank: the map panel as it was, its tiles and the field kept from before the reload.
    await screen.waitForSelector('[data-testid=screen] .panel-map [data-testid=runner-canvas]');
    await expectLocalTiles(screen, '[data-testid=screen-map]');
    await expect.poll(async () => (await mapPixels(screen)).runners, { timeout: 10_000 }).toBeGreaterThan(0);
    await screenshot(screen, 'offline-screen-reloaded-server-stopped');
    await race.waitForSelector('[data-testid=connection][data-state=offline]');
    expect(await race.locator('[data-testid=connection]').innerText()).toMatch(/Offline/);
    expect(await race.locator('.event-name').innerText()).toBe(EVENT_NAME);
    await screenshot(race, 'offline-race-page-reloaded-server-stopped');
    await console_.waitForSelector('.console-bar [data-testid=connection][data-state=offline]');
    await console_.waitForSelector('[data-testid=console-unreachable]');
    await screenshot(console_, 'offline-console-reloaded-server-stopped');

    // Back on the same address: every page resyncs by itself.
    server = await startScreenServer({ clientDir, dataDir, port, speed: 30, clockStart: clock, config: config() });
    await screen.waitForSelector('[data-testid=screen-reconnecting]', { state: 'detached', timeout: 20_000 });
    await screen.waitForSelector('[data-testid=screen] .panel-map');
    await expectLocalTiles(screen, '[data-testid=screen-map]');
    await race.waitForSelector('[data-testid=connection][data-state=live]', { timeout: 20_000 });
    await race.waitForSelector('[data-testid=leaderboard] .lb-row');
    await console_.waitForSelector('.console-map', { timeout: 20_000 });
    expect(seen.leaving).toEqual([]);
    expect(errors).toEqual([]);
  }, 120_000);
});
