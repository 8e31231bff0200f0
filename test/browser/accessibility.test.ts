// Every page, opened by its address in English and in Persian, has no serious or critical WCAG 2.1
// A/AA violation as axe-core finds them in Chromium, against the real server fed with the demo.
// The leaderboard, the console's tables and the time slider work by keyboard, and a followed
// runner's passing is announced politely.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { builtClient, launchChromium, startDemoServer, type DemoServer } from './support/harness';
import { screenshot } from './support/pages';
import { pagedBoard } from '../support/paged-board';

const ADMIN = { email: 'a11y@splitcast.test', password: 'every page for everyone' };
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let demo: DemoServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  const clientDir = builtClient();
  [demo, browser] = await Promise.all([
    startDemoServer({ clientDir, speed: 90, config: { ORGANIZER_EMAIL: ADMIN.email, ORGANIZER_PASSWORD: ADMIN.password } }),
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

/** A page in a browser whose chosen language is `lang` (the app remembers the choice in storage). */
async function pageIn(lang: 'en' | 'fa', viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  await context.addInitScript((l) => localStorage.setItem('splitcast.lang', l), lang);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('page error:', err.message));
  return page;
}

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * axe-core's serious and critical violations on the page as it is. The source is evaluated through
 * the DevTools protocol: the server's CSP rightly refuses an inline script tag.
 */
async function seriousViolations(page: Page): Promise<Violation[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: Violation[]; passes: unknown[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    if (result.passes.length === 0) throw new Error('axe checked nothing on this page');
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  }, TAGS);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

async function expectClean(page: Page, where: string): Promise<void> {
  const found = await seriousViolations(page);
  if (found.length > 0) console.error(`axe on ${where}:\n${JSON.stringify(found, null, 2)}`);
  expect(found.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`), where).toEqual([]);
}

/** Until no "Loading…" is left on the page (in either language). */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.innerText.trim().length > 0 && !/Loading…|در حال بارگذاری/.test(document.body.innerText));
}

async function logIn(page: Page): Promise<void> {
  const res = await page.request.post(`${demo.url}/api/organizer/login`, { data: ADMIN });
  expect(res.status()).toBe(200);
}

async function leaderBib(): Promise<string> {
  const res = await fetch(`${demo.url}/api/events/${demo.eventId}/races/marathon/leaderboard?limit=1`);
  return ((await res.json()) as { entries: { bib: string }[] }).entries[0].bib;
}

describe('for a screen reader', () => {
  it('politely announces a followed runner passing a mat', async () => {
    // The ten runners on course furthest from the finish, once the feed has started some: the demo
    // runs fast, and this test comes first in the file while the race is young.
    type Entry = { bib: string; status: string; name: string | null; lastDistance: number };
    let runners: Entry[] = [];
    await expect.poll(async () => {
      const { entries } = await pagedBoard<Entry>(demo.url, demo.eventId, 'marathon', 500);
      runners = entries.filter((e) => e.status === 'onCourse' && e.name).sort((x, y) => x.lastDistance - y.lastDistance).slice(0, 10);
      return runners.length;
    }, { timeout: 60_000, interval: 1_000 }).toBeGreaterThan(0);
    const page = await pageIn('en');
    await page.context().addInitScript(([key, bibs]) => localStorage.setItem(key, bibs), [`splitcast.follow.${demo.eventId}`, JSON.stringify(runners.map((r) => r.bib))]);
    await page.goto(`${demo.url}/e/${demo.eventId}/race/marathon`);
    const region = page.locator('[data-testid=passing-announcer]');
    await region.waitFor({ state: 'attached' });
    expect(await region.getAttribute('aria-live')).toBe('polite');
    const said = new RegExp(`^(${runners.map((r) => `${escape(r.name!)} \\(${r.bib}\\)`).join('|')}) passed .+, net time \\d+:\\d\\d`);
    await expect.poll(() => region.textContent(), { timeout: 60_000 }).toMatch(said);
  }, 90_000);
});

describe.each(['en', 'fa'] as const)('axe on every page in %s', (lang) => {
  it('the spectator pages: event list, race page with leaderboard and map, runner page', async () => {
    const page = await pageIn(lang);
    await page.goto(`${demo.url}/?lang=${lang}`);
    await page.waitForSelector(`a[href*="/e/${demo.eventId}"]`);
    await expectClean(page, `event list (${lang})`);

    await page.goto(`${demo.url}/e/${demo.eventId}/race/marathon?lang=${lang}`);
    await page.waitForSelector('[data-testid=connection][data-state=live]');
    await page.waitForSelector('[data-testid=leaderboard] .lb-row');
    await page.waitForSelector('[data-testid=runner-canvas]');
    await expectClean(page, `race page (${lang})`);

    await page.goto(`${demo.url}/e/${demo.eventId}/runner/${await leaderBib()}?lang=${lang}`);
    await page.waitForSelector('[data-testid=splits] tbody tr');
    await page.waitForSelector('[data-testid=pace-chart] .recharts-bar-rectangle');
    await expectClean(page, `runner page (${lang})`);
  }, 90_000);

  it('the runner page on a phone, where the splits table scrolls', async () => {
    const page = await pageIn(lang, { width: 390, height: 844 });
    await page.goto(`${demo.url}/e/${demo.eventId}/runner/${await leaderBib()}?lang=${lang}`);
    await page.waitForSelector('[data-testid=splits] tbody tr');
    await page.waitForSelector('[data-testid=pace-chart] .recharts-bar-rectangle');
    await expectClean(page, `runner page at 390 px (${lang})`);
    await screenshot(page, `phone-runner-${lang}`);
  }, 60_000);

  it('the stadium screen and the announcer view', async () => {
    const page = await pageIn(lang, { width: 1920, height: 1080 });
    await page.goto(`${demo.url}/screen/${demo.eventId}?lang=${lang}`);
    await page.waitForSelector('[data-testid=screen][data-slide]:not([data-slide=""])');
    await expectClean(page, `stadium screen (${lang})`);

    await page.goto(`${demo.url}/speaker/${demo.eventId}?minutes=30&lang=${lang}`);
    await page.waitForSelector('[data-testid=speaker-list] [data-eta]');
    await expectClean(page, `announcer view (${lang})`);
  }, 90_000);

  it('the console log-in and every console page after it', async () => {
    const page = await pageIn(lang);
    await page.goto(`${demo.url}/console/login?lang=${lang}`);
    await page.waitForSelector('input[type=password]');
    await expectClean(page, `console log-in (${lang})`);

    await logIn(page);
    await page.goto(`${demo.url}/console?lang=${lang}`);
    await page.waitForSelector(`a[href*="/console/events/${demo.eventId}"]`);
    await settled(page);
    await expectClean(page, `console events (${lang})`);
    for (const tab of ['setup', 'entrants', 'control', 'monitoring', 'audit', 'devices']) {
      await page.goto(`${demo.url}/console/events/${demo.eventId}/${tab}?lang=${lang}`);
      await page.waitForSelector('.console-tabs a.active');
      await settled(page);
      await expectClean(page, `console ${tab} (${lang})`);
    }
  }, 120_000);
});

/** Presses Tab until `isTarget` holds for the focused element, as a keyboard user would. */
async function tabUntil(page: Page, isTarget: (el: Element) => boolean, most = 60): Promise<void> {
  for (let i = 0; i < most; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(`(${isTarget.toString()})(document.activeElement)`)) return;
  }
  throw new Error(`not reached in ${most} presses of Tab`);
}

describe('by keyboard alone', () => {
  it('scrolls the leaderboard and opens a runner from it', async () => {
    const page = await pageIn('en');
    await page.goto(`${demo.url}/e/${demo.eventId}/race/marathon`);
    await page.waitForSelector('[data-testid=leaderboard] .lb-row');
    await tabUntil(page, (el) => el.classList.contains('lb-scroll'));
    const scroll = page.locator('.lb-scroll');
    await page.keyboard.press('PageDown');
    await expect.poll(() => scroll.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
    await tabUntil(page, (el) => el.matches('.lb-row a[href*="/runner/"]'));
    const href = await page.evaluate(() => document.activeElement!.getAttribute('href'));
    await page.keyboard.press('Enter');
    // The live board may reorder under the focus; whichever runner's link had it, that runner opens.
    await page.waitForURL((url) => url.pathname.includes('/runner/'));
    expect(href).toMatch(/\/runner\//);
    await page.waitForSelector('[data-testid=runner-page]');
  }, 60_000);

  it('moves the time slider back and returns to live', async () => {
    const page = await pageIn('en');
    await page.goto(`${demo.url}/e/${demo.eventId}/race/marathon`);
    await page.waitForSelector('[data-testid=time-live]');
    await tabUntil(page, (el) => el.matches('[data-testid=time-slider]'));
    await page.keyboard.press('Home');
    await page.waitForSelector('[data-testid=time-not-live]');
    await tabUntil(page, (el) => el.matches('[data-testid=time-back-to-live]'));
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=time-live]');
  }, 60_000);

  it('adds a device in the console and revokes it from its table', async () => {
    const page = await pageIn('en');
    await logIn(page);
    await page.goto(`${demo.url}/console/events/${demo.eventId}/devices`);
    await page.waitForSelector('.console-table tbody tr');
    await tabUntil(page, (el) => el.matches('form.console-inline input'));
    await page.keyboard.type('keyboard mat');
    await page.keyboard.press('Enter');
    const row = page.locator('.console-table tbody tr', { hasText: 'keyboard mat' });
    await row.waitFor();
    await tabUntil(page, (el) => el.matches('.console-table button') && el.closest('tr')!.textContent!.includes('keyboard mat'));
    await page.keyboard.press('Enter');
    await row.getByText('revoked').waitFor();
  }, 60_000);
});


const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
