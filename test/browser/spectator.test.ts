// The spectator client in a real browser, against the built client served by the real server while
// the demo simulator feeds reads through the real ingest.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demoEntrants } from '../../server/demo/demo-event';
import type { LeaderboardEntry } from '../../shared/views';
import { builtClient, launchChromium, startDemoServer, type DemoServer } from './support/harness';
import { upgradeDroppingProxy } from './support/upgrade-dropping-proxy';
import { boardBibs, horizontalOverflow, mapPixels, screenshot, socketTraffic } from './support/pages';
import { pagedBoard } from '../support/paged-board';

let demo: DemoServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  const clientDir = builtClient();
  [demo, browser] = await Promise.all([startDemoServer({ clientDir, speed: 90 }), launchChromium()]);
}, 120_000);

// A page left open keeps drawing its map: close each test's pages so the next one has the CPU.
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

async function newPage(viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('page error:', err.message));
  return page;
}

/** The server's first `limit` rows, a page of at most 200 at a time. */
async function serverBoard(raceId: string, limit = 10): Promise<LeaderboardEntry[]> {
  return (await pagedBoard<LeaderboardEntry>(demo.url, demo.eventId, raceId, limit)).entries;
}

const racePath = (raceId: string) => `/e/${demo.eventId}/race/${raceId}`;

describe('spectator client', () => {
  it('shows the live leaderboard, changing without reload, in the server’s order', async () => {
    const page = await newPage();
    await page.goto(`${demo.url}${racePath('marathon')}`);
    await page.waitForSelector('[data-testid=connection][data-state=live]');
    await page.waitForSelector('[data-testid=leaderboard] .lb-row');
    const before = await page.locator('[data-testid=leaderboard]').innerText();
    await page.waitForFunction((text) => document.querySelector<HTMLElement>('[data-testid=leaderboard]')!.innerText !== text, before);
    await page.waitForSelector('.lb-row.changed');
    // The page and the server agree at a moment when no update is in flight.
    await expect.poll(async () => {
      const [client, server] = await Promise.all([boardBibs(page), serverBoard('marathon', 8)]);
      return client.slice(0, 8).join() === server.map((e) => e.bib).join();
    }, { timeout: 15_000 }).toBe(true);
    await screenshot(page, 'leaderboard');
  });

  it('resyncs by itself after the server drops the connection', async () => {
    const page = await newPage();
    await page.goto(`${demo.url}${racePath('women-10k')}`);
    await page.waitForSelector('[data-testid=connection][data-state=live]');
    await page.waitForSelector('[data-testid=leaderboard] .lb-row');
    const reconnected = page.waitForFunction(() => document.querySelector('[data-testid=connection]')?.getAttribute('data-state') !== 'live');
    demo.server.io.disconnectSockets(true);
    await reconnected;
    await page.waitForSelector('[data-testid=connection][data-state=live]');
    await expect.poll(async () => {
      const [client, server] = await Promise.all([boardBibs(page), serverBoard('women-10k', 8)]);
      return client.slice(0, 8).join() === server.map((e) => e.bib).join();
    }, { timeout: 15_000 }).toBe(true);
  });

  it('finds a runner by name, follows them, and keeps following after a reload', async () => {
    const target = demoEntrants().find((e) => !e.private && e.raceId === 'marathon' && e.status === 'registered')!;
    const page = await newPage();
    await page.goto(`${demo.url}/e/${demo.eventId}`);
    await page.fill('[data-testid=search]', target.name.split(' ')[0]);
    await page.waitForSelector(`[data-testid=search-results] [data-testid=follow-${target.bib}]`);
    await page.click(`[data-testid=search-results] [data-testid=follow-${target.bib}]`);
    await page.waitForSelector(`[data-testid=mine-${target.bib}]`);
    await page.reload();
    await page.waitForSelector(`[data-testid=mine-${target.bib}] .name`);
    expect(await page.locator(`[data-testid=mine-${target.bib}]`).innerText()).toContain(target.name);
    await screenshot(page, 'followed');
  });

  it('shows a runner’s splits and pace chart', async () => {
    const leader = (await serverBoard('marathon', 1))[0];
    const page = await newPage();
    await page.goto(`${demo.url}/e/${demo.eventId}/runner/${leader.bib}`);
    await page.waitForSelector('[data-testid=splits] tbody tr');
    await page.waitForSelector('[data-testid=pace-chart] .recharts-bar-rectangle');
    expect(await page.locator('[data-testid=splits] tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=projected]').innerText()).toMatch(/\d+:\d\d/);
    await screenshot(page, 'runner');
  });

  it('shows a runner’s projected finish and ETA with their 80 % ranges', async () => {
    // The runner furthest from their finish: at the demo's speed, a runner near it may finish before the page opens.
    const onCourse = (await serverBoard('marathon', 500))
      .filter((e) => e.status === 'onCourse' && e.projectedRange !== null && e.nextEtaRange !== null)
      .sort((a, b) => a.lastDistance - b.lastDistance)[0];
    expect(onCourse).toBeDefined();
    const page = await newPage();
    await page.goto(`${demo.url}/e/${demo.eventId}/runner/${onCourse!.bib}`);
    await page.waitForSelector('[data-testid=eta-range]');
    // "3:02:10", then each further figure with its word: "likely 2:58–3:07", "finish at 11:32:10", "0:56:53 to go".
    expect(await page.locator('[data-testid=projected]').innerText()).toMatch(/^\d+:\d\d(:\d\d)?$/);
    expect(await page.locator('[data-testid=projected-range]').innerText()).toMatch(/^likely (\d+:)?\d+–(\d+:)?\d+$/);
    expect(await page.locator('[data-testid=projected-at]').innerText()).toMatch(/^finish at \d\d:\d\d/);
    expect(await page.locator('[data-testid=projected-to-go]').innerText()).toMatch(/^\d+:\d\d(:\d\d)? to go$/);
    expect(await page.locator('[data-testid=eta-range]').innerText()).toMatch(/\d\d:\d\d–\d\d:\d\d/);
  });

  it('draws the course and the runners on the map, and a clicked dot opens the runner', async () => {
    const page = await newPage();
    await page.goto(`${demo.url}${racePath('marathon')}`);
    await page.waitForSelector('[data-testid=runner-canvas]');
    await page.waitForFunction(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('[data-testid=runner-canvas]');
      if (!canvas) return false;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      for (let i = 3; i < data.length; i += 4) if (data[i] > 60) return true;
      return false;
    });
    const pixels = await mapPixels(page);
    expect(pixels.course).toBeGreaterThan(500);
    expect(pixels.runners).toBeGreaterThan(9 * 5);
    const box = (await page.locator('[data-testid=runner-canvas]').boundingBox())!;
    // The card comes once the clicked runner's row is fetched: wait for it before trying another dot
    // (a click beside every dot closes the card again).
    for (const [x, y] of pixels.dots) {
      await page.mouse.click(box.x + x, box.y + y);
      const opened = await page.locator('[data-testid=map-card]').waitFor({ timeout: 2000 }).then(() => true, () => false);
      if (opened) break;
    }
    await page.waitForSelector('[data-testid=map-card]');
    expect(await page.locator('[data-testid=map-card]').innerText()).toMatch(/Last seen at|Not seen/);
    await expect.poll(async () => Number(/(\d+)/.exec(await page.locator('[data-testid=density] .map-legend').innerText())?.[1])).toBeGreaterThan(0);
    await screenshot(page, 'map');
  });

  it('switches to Persian with a right-to-left page, and remembers it', async () => {
    const page = await newPage();
    await page.goto(`${demo.url}${racePath('marathon')}`);
    await page.selectOption('[data-testid=language]', 'fa');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl' && document.documentElement.lang === 'fa');
    await page.reload();
    await page.waitForSelector('[data-testid=leaderboard] .lb-row');
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await page.locator('[data-testid=view-board]').innerText()).toBe('جدول رده‌بندی');
    await screenshot(page, 'persian');
  });

  it('never shows a private runner, by name or by bib, in the page or in socket traffic', async () => {
    const entrants = demoEntrants();
    const publicNames = new Set(entrants.filter((e) => !e.private).map((e) => e.name));
    const hidden = entrants.filter((e) => e.private && !publicNames.has(e.name));
    expect(hidden.length).toBeGreaterThan(0);
    const page = await newPage();
    const frames: string[] = [];
    page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
    const seen: string[] = [];
    const look = async () => seen.push(await page.content(), await page.evaluate(() => document.body.innerText));
    for (const raceId of new Set(hidden.map((e) => e.raceId))) {
      await page.goto(`${demo.url}${racePath(raceId)}`);
      await page.waitForSelector('[data-testid=leaderboard] .lb-row');
      await look();
    }
    const one = hidden[0];
    await page.goto(`${demo.url}/e/${demo.eventId}/runner/${one.bib}`);
    // Their page is that of a bib nobody has; a search by their bib finds nobody.
    await page.getByText('No such runner').waitFor();
    await look();
    await page.fill('[data-testid=search]', one.bib);
    await page.locator('[data-testid=search-results]').getByText('No runner found').waitFor();
    await look();
    expect(frames.some((f) => f.includes('"bib":'))).toBe(true);
    for (const e of hidden) {
      for (const text of [...seen, ...frames]) expect(text.includes(e.name), `${e.name} (bib ${e.bib}) is visible`).toBe(false);
      for (const frame of frames) expect(frame.includes(`"bib":"${e.bib}"`), `bib ${e.bib} was sent`).toBe(false);
    }
  });

  it('on a phone’s leaderboard tab receives only its window, never the whole race, and follows the scroll', async () => {
    const page = await newPage({ width: 390, height: 844 });
    const received: string[] = [];
    const sent: string[] = [];
    page.on('websocket', (ws) => {
      ws.on('framereceived', (f) => received.push(String(f.payload)));
      ws.on('framesent', (f) => sent.push(String(f.payload)));
    });
    await page.goto(`${demo.url}${racePath('marathon')}`);
    await page.waitForSelector('[data-testid=leaderboard] .lb-row');
    // Live changes of the window arrive while the board is shown.
    await expect.poll(() => received.filter((f) => f.startsWith('42["race:window"')).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    // Scrolled to the end, the board asks for the rows there and shows them.
    const total = await page.evaluate(() => (document.querySelector('.lb-scroll > div') as HTMLElement).offsetHeight / 48);
    expect(total).toBeGreaterThan(150);
    await page.evaluate(() => {
      const el = document.querySelector<HTMLElement>('.lb-scroll')!;
      el.scrollTop = el.scrollHeight;
    });
    await expect.poll(() => sent.some((f) => /^42\d*\["race:view",\{[^}]*"offset":[1-9]/.test(f)), { timeout: 10_000 }).toBe(true);
    await page.waitForFunction(() => {
      const box = document.querySelector<HTMLElement>('.lb-scroll')!.getBoundingClientRect();
      return [...document.querySelectorAll<HTMLElement>('.lb-row')].some((r) => {
        const top = r.getBoundingClientRect().top;
        return top >= box.top && top < box.bottom;
      });
    });
    expect(sent.some((f) => f.includes('"race:subscribe"'))).toBe(false);
    expect(received.some((f) => f.includes('"race:update"'))).toBe(false);
  });

  it('connects with a websocket first, and with long-polling only when no websocket opens', async () => {
    // Long-polling needs sticky sessions behind a balancer: a page must not start with it.
    const watch = (page: Page) => {
      const seen = { polling: 0, websockets: 0 };
      page.on('request', (req) => {
        if (req.url().includes('/socket.io/') && req.url().includes('transport=polling')) seen.polling++;
      });
      page.on('websocket', (ws) => {
        if (ws.url().includes('/socket.io/')) seen.websockets++;
      });
      return seen;
    };
    const page = await newPage();
    const direct = watch(page);
    await page.goto(`${demo.url}${racePath('marathon')}`);
    await page.waitForSelector('[data-testid=connection][data-state=live]');
    expect(direct.polling).toBe(0);
    expect(direct.websockets).toBeGreaterThan(0);

    // A proxy that drops the upgrade: the client goes on to long-polling and still gets the race.
    const proxy = await upgradeDroppingProxy(demo.url);
    try {
      const blocked = await newPage();
      const fallback = watch(blocked);
      await blocked.goto(`${proxy.url}${racePath('marathon')}`);
      await blocked.waitForSelector('[data-testid=connection][data-state=live]');
      await blocked.waitForSelector('[data-testid=leaderboard] .lb-row');
      expect(fallback.polling).toBeGreaterThan(0);
    } finally {
      await proxy.close();
    }
  });

  it('fits a 360 px phone without horizontal scroll, map and leaderboard as tabs', async () => {
    const leader = (await serverBoard('marathon', 1))[0];
    const page = await newPage({ width: 360, height: 740 });
    const { sent, received } = socketTraffic(page);
    await page.goto(`${demo.url}${racePath('marathon')}`);
    await page.waitForSelector('[data-testid=leaderboard] .lb-row');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await page.locator('[data-testid=map]').isVisible()).toBe(false);
    // On the leaderboard tab the phone gets its window's updates but none of the map's field.
    const updates = received.filter((f) => f.includes('"race:window"')).length;
    await expect.poll(() => received.filter((f) => f.includes('"race:window"')).length, { timeout: 15_000 }).toBeGreaterThan(updates);
    expect(received.some((f) => f.includes('"race:update"'))).toBe(false);
    expect(sent.some((f) => f.includes('field:subscribe'))).toBe(false);
    expect(received.some((f) => f.includes('"field:update"') || f.includes('"runner:position"'))).toBe(false);
    // The only binary it gets is its windows' snapshots (encoded once for every socket), as binary acks.
    const binaryAcks = received.filter((f) => /^46\d+-/.test(f)).length;
    expect(received.filter((f) => f === '<binary>').length).toBeLessThanOrEqual(binaryAcks);
    await screenshot(page, 'phone-leaderboard');
    await page.click('[data-testid=view-map]');
    await page.waitForSelector('[data-testid=map]', { state: 'visible' });
    // The map subscribes to the field and gets it as binary.
    await expect.poll(() => sent.some((f) => f.includes('"field:subscribe"')) && received.includes('<binary>')).toBe(true);
    expect(await page.locator('[data-testid=leaderboard]').isVisible()).toBe(false);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'phone-map');
    await page.click('[data-testid=view-overview]');
    await page.waitForSelector('[data-testid=overview]', { state: 'visible' });
    await expect.poll(() => sent.some((f) => f.includes('"field:unsubscribe"'))).toBe(true);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'phone-overview');
    await page.goto(`${demo.url}/e/${demo.eventId}/runner/${leader.bib}`);
    await page.waitForSelector('[data-testid=splits] tbody tr');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'phone-runner');
  });

  it('shows a runner on a phone: every place, a pace axis from the data, a table that scrolls alone, a share link and a small map', { timeout: 120_000 }, async () => {
    // A runner on course with an age group and a few segments run (the feed may have only begun).
    let runner: LeaderboardEntry | undefined;
    await expect.poll(async () => {
      runner = (await serverBoard('marathon', 200)).find((e) => e.status === 'onCourse' && e.ageGroup && e.places?.ageGroup && e.lastDistance >= 10_000);
      return runner !== undefined;
    }, { timeout: 90_000, interval: 1_000 }).toBe(true);
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    contexts.push(context);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: demo.url });
    // A desktop has no share sheet: the page copies the link, which is what this test reads back.
    await context.addInitScript(() => delete (Navigator.prototype as { share?: unknown }).share);
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error('page error:', err.message));
    await page.goto(`${demo.url}/e/${demo.eventId}/runner/${runner!.bib}`);
    await page.waitForSelector('[data-testid=splits] tbody tr');
    await page.waitForSelector('[data-testid=pace-chart] .recharts-bar-rectangle');

    // Overall, gender and age-group places, each named.
    expect(await page.locator('[data-testid=place-overall]').innerText()).toMatch(/^Overall \d+$/);
    expect(await page.locator('[data-testid=place-gender]').innerText()).toMatch(/^(Men|Women|Non-binary) \d+$/);
    expect(await page.locator('[data-testid=place-age-group]').innerText()).toMatch(new RegExp(`^Age ${runner!.ageGroup} \\d+$`));

    // The pace axis starts near the paces, not at 0:00.
    await page.waitForSelector('[data-testid=pace-chart] .recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value');
    const ticks = await page.locator('[data-testid=pace-chart] .recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents();
    const seconds = ticks.map((tick) => tick.split(':').reduce((a, b) => a * 60 + Number(b), 0));
    expect(seconds.length).toBeGreaterThan(1);
    expect(Math.min(...seconds)).toBeGreaterThan(0);

    // Only the splits region scrolls sideways; it takes focus and says it scrolls.
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    const region = page.locator('[data-testid=splits-scroll]');
    expect(await region.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    expect(await region.getAttribute('tabindex')).toBe('0');
    expect(await region.getAttribute('aria-label')).toBe('Splits');
    await page.locator('.scroll-hint').waitFor();
    await region.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    await screenshot(page, 'phone-runner-top');

    // Share: the link is copied and the page says so.
    await page.click('[data-testid=share]');
    await page.locator('[data-testid=share-said]', { hasText: 'Link copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());

    // The small map draws the course and the runner's dot.
    await page.locator('[data-testid=runner-map]').scrollIntoViewIfNeeded();
    await page.waitForSelector('[data-testid=runner-map] .leaflet-overlay-pane canvas');
    const drawn = () =>
      page.evaluate(() => {
        const canvas = document.querySelector<HTMLCanvasElement>('[data-testid=runner-map] .leaflet-overlay-pane canvas')!;
        const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
        let course = 0;
        let dot = 0;
        for (let i = 0; i < data.length; i += 4) {
          const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
          if (a > 100 && b > 180 && r < 90 && g < 140) course += 1;
          if (a > 100 && r > 200 && g < 60 && b < 60) dot += 1;
        }
        return { course, dot };
      });
    await expect.poll(async () => (await drawn()).course).toBeGreaterThan(200);
    expect((await drawn()).dot).toBeGreaterThan(20);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'phone-runner-map');
  });
});
