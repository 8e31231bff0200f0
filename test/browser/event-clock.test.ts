// One clock for the event, in Chromium set to New York while the demo runs in Tehran: the runner
// page's times of day and the console's are Tehran's, the zone is said once, and a gun time typed
// as a time of day is read in Tehran.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatTimeOfDay } from '../../shared/format';
import { formatDateTime } from '../../shared/event-time';
import type { RunnerDetail } from '../../shared/views';
import { builtClient, launchChromium, startDemoServer, type DemoServer } from './support/harness';

const ADMIN = { email: 'clock@splitcast.test', password: 'one clock for the event' };
const ZONE = 'Asia/Tehran';

let demo: DemoServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [demo, browser] = await Promise.all([
    startDemoServer({ clientDir: builtClient(), speed: 60, config: { ORGANIZER_EMAIL: ADMIN.email, ORGANIZER_PASSWORD: ADMIN.password } }),
    launchChromium(),
  ]);
}, 180_000);

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

/** A page in a browser whose own clock is New York's. */
async function pageInNewYork(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'America/New_York' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('page error:', err.message));
  return page;
}

describe("the event's clock in a browser elsewhere", () => {
  it("the runner page shows times of day in the event's zone, and says so once", async () => {
    const leader = await fetch(`${demo.url}/api/events/${demo.eventId}/races/marathon/leaderboard?limit=1`).then((r) => r.json() as Promise<{ entries: { bib: string }[] }>);
    const bib = leader.entries[0].bib;
    const page = await pageInNewYork();
    await page.goto(`${demo.url}/e/${demo.eventId}/runner/${bib}`);
    await page.waitForSelector('[data-testid=splits] tbody tr');
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/New_York');
    await expect.poll(() => page.textContent('[data-testid=zone-note]')).toContain('Asia/Tehran, UTC+03:30');
    expect(await page.locator('[data-testid=zone-note]').count()).toBe(1);
    const runner = (await fetch(`${demo.url}/api/events/${demo.eventId}/runners/${bib}`).then((r) => r.json())) as RunnerDetail;
    const first = runner.splits[0];
    // The first split's time of day, as Tehran's clock read it.
    const shown = await page.locator('[data-testid=splits] tbody tr').first().locator('td').nth(1).textContent();
    expect(shown).toBe(formatTimeOfDay(first.time, ZONE));
  });

  it("the console shows the event's zone beside its tabs and its times in it; a gun typed as a time of day is read there", async () => {
    const page = await pageInNewYork();
    expect((await page.request.post(`${demo.url}/api/organizer/login`, { data: ADMIN })).status()).toBe(200);
    await page.goto(`${demo.url}/console/events/${demo.eventId}/monitoring`);
    await expect.poll(() => page.textContent('[data-testid=zone-caption]')).toBe('Times in Asia/Tehran, UTC+03:30');
    // The report's time, in Tehran: within a few seconds of now there.
    await page.waitForSelector('[data-testid=monitoring-updated]');
    const updated = (await page.textContent('[data-testid=monitoring-updated]'))!.match(/\d\d:\d\d:\d\d/)![0];
    const [h, m, s] = updated.split(':').map(Number);
    const [nh, nm, ns] = formatTimeOfDay(Date.now(), ZONE).split(':').map(Number);
    const apart = Math.abs((h * 3600 + m * 60 + s - (nh * 3600 + nm * 60 + ns) + 86_400 * 1.5) % 86_400 - 43_200);
    expect(apart).toBeLessThan(60);

    // The women's 10 km gun, typed as 07:30 on the event's day: Tehran's 07:30, whatever New York says.
    await page.goto(`${demo.url}/console/events/${demo.eventId}/control`);
    await page.waitForSelector('select[name=gun-race]');
    await page.selectOption('select[name=gun-race]', 'women-10k');
    await page.fill('input[name=gun-time]', '07:30');
    const setup = demo.server.primary!.runtime.setup(demo.eventId)!;
    const expected = Date.parse(`${setup.date}T07:30:00+03:30`);
    await expect.poll(() => page.textContent('[data-testid=gun-typed]')).toBe(`${formatDateTime(expected, ZONE)} (${ZONE})`);
    // The correction asks first, showing what the server understood.
    await page.getByRole('button', { name: 'Correct the gun time…' }).click();
    await expect.poll(() => page.textContent('[data-testid=gun-becomes]')).toBe(`${formatDateTime(expected, ZONE)} (${ZONE})`);
    // Nothing typed that is not a time goes out.
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.fill('input[name=gun-time]', 'half past seven');
    expect(await page.textContent('[data-testid=gun-typed]')).toBe('not a time: type 09:41:12, or a date and time');
    expect(await page.getByRole('button', { name: 'Correct the gun time…' }).isDisabled()).toBe(true);
  });
});
