// Every page in Persian, opened by its address in Chromium against the real server fed with the
// demo: no English word is left in the pages' own labels (headings, labels, buttons, table heads,
// choices, placeholders, names for assistive technology). Words of the event's own data (runner,
// race, mat and device names, audit entries) are the organizer's, not the page's, and are let be.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { builtClient, launchChromium, startDemoServer, type DemoServer } from './support/harness';
import { screenshot } from './support/pages';

const ADMIN = { email: 'persian@splitcast.test', password: 'every label in persian' };
/** Latin a Persian page keeps: the sport's codes, units and formats, and the zone's name. */
const KEPT = ['DNS', 'DNF', 'DQ', 'CSV', 'GPX', 'GeoJSON', 'ISO', 'km', 'UTC', 'Splitcast', 'English', 'N', 'Enter'];

let demo: DemoServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let dataWords: Set<string>;

beforeAll(async () => {
  const clientDir = builtClient();
  [demo, browser] = await Promise.all([
    startDemoServer({ clientDir, speed: 90, config: { ORGANIZER_EMAIL: ADMIN.email, ORGANIZER_PASSWORD: ADMIN.password } }),
    launchChromium(),
  ]);
  const setup = demo.server.primary!.runtime.setup(demo.eventId)!;
  const devices = demo.server.primary!.devices.list(demo.eventId);
  dataWords = new Set([...words(JSON.stringify(valuesOf(setup))), ...words(JSON.stringify(valuesOf(devices))), ...words(ADMIN.email)]);
}, 180_000);

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

/** Latin words; a token with digits in it (a chip, a bib, an id) is data, not a word. */
const words = (text: string) => (text.match(/[A-Za-z][A-Za-z0-9]*/g) ?? []).filter((w) => !/\d/.test(w));

/** The string values of an object, not its keys: what the data says, not what the API calls it. */
function valuesOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(valuesOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(valuesOf);
  return [];
}

async function pageInPersian(viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'fa-IR' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('page error:', err.message));
  return page;
}

/** The page's own labels: text of headings, labels, buttons, table heads, tabs and choices, and the texts given to attributes. */
function ownLabels(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const ownText = (el: Element) => [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? '').join(' ');
    for (const el of document.querySelectorAll('h1, h2, h3, label, button, th, option, legend, summary, [role=tab], .muted, p, .alert, .lb-count, .my-line')) out.push(ownText(el));
    for (const el of document.querySelectorAll('[placeholder], [aria-label], [title], img[alt]')) {
      for (const name of ['placeholder', 'aria-label', 'title', 'alt']) {
        const v = el.getAttribute(name);
        if (v) out.push(v);
      }
    }
    return out.map((t) => t.trim()).filter(Boolean);
  });
}

async function englishLeft(page: Page): Promise<string[]> {
  const left = new Set<string>();
  for (const text of await ownLabels(page)) {
    // An example of what to type (digits, dashes, colons) and links' addresses are not words.
    const found = words(text.replace(/https?:\S+/g, '')).filter((w) => !KEPT.includes(w) && !dataWords.has(w));
    if (found.length > 0) left.add(text);
  }
  return [...left];
}

async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.innerText.trim().length > 0 && !/Loading…|در حال بارگذاری/.test(document.body.innerText));
}

async function expectPersian(page: Page, where: string): Promise<void> {
  expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['fa', 'rtl']);
  const left = await englishLeft(page);
  if (left.length > 0) console.error(`English left on ${where}: ${JSON.stringify(left)}`);
  expect(left, where).toEqual([]);
}

/** Whether the first match of `pattern` in the element's text is drawn left to right (its first character left of its last). */
function readsLeftToRight(page: Page, selector: string, pattern: RegExp): Promise<boolean> {
  return page.$eval(selector, (el, source) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const m = new RegExp(source).exec(node.textContent ?? '');
      if (!m) continue;
      const at = (i: number) => {
        const range = document.createRange();
        range.setStart(node!, i);
        range.setEnd(node!, i + 1);
        return range.getBoundingClientRect().left;
      };
      return at(m.index) < at(m.index + m[0].length - 1);
    }
    throw new Error(`no ${source} in ${selector}`);
  }, pattern.source);
}

/** A named runner on course with a projected range and an age group: the runner page's every figure. */
async function runnerOnCourse(): Promise<string> {
  const res = await fetch(`${demo.url}/api/events/${demo.eventId}/races/marathon/leaderboard?limit=200`);
  const entries = ((await res.json()) as { entries: { bib: string; status: string; name: string | null; ageGroup: string | null; projectedRange: unknown; nextEtaRange: unknown }[] }).entries;
  const found = entries.find((e) => e.status === 'onCourse' && e.name && e.ageGroup && e.projectedRange && e.nextEtaRange);
  if (!found) throw new Error('no runner on course with ranges');
  return found.bib;
}

async function leaderBib(): Promise<string> {
  const res = await fetch(`${demo.url}/api/events/${demo.eventId}/races/marathon/leaderboard?limit=1`);
  return ((await res.json()) as { entries: { bib: string }[] }).entries[0].bib;
}

describe('Persian on every page', () => {
  it('a browser in Persian gets Persian on a first visit, with no link asking for it', async () => {
    const page = await pageInPersian();
    await page.goto(`${demo.url}/`);
    await page.waitForSelector('.event-card, [data-testid=event-list]');
    await settled(page);
    await expectPersian(page, 'event list');
  });

  it('the race page, its map and overview, and a runner page, at 1280 and 390 px', async () => {
    for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
      const page = await pageInPersian(viewport);
      await page.goto(`${demo.url}/e/${demo.eventId}/race/marathon?lang=fa`);
      await page.waitForSelector('[data-testid=leaderboard] .lb-row');
      await expectPersian(page, `race page ${viewport.width}`);
      await page.goto(`${demo.url}/e/${demo.eventId}/race/marathon?lang=fa&country=IRN`);
      await page.waitForSelector('[data-testid=lb-places-in]');
      // Country names in Persian: the filter's choices and the category line.
      expect(await page.textContent('[data-testid=lb-places-in]')).toContain('ایران');
      await expectPersian(page, `filtered race page ${viewport.width}`);
      await page.click('[data-testid=view-overview]');
      await page.waitForSelector('.country-list li');
      await expectPersian(page, `overview ${viewport.width}`);
      await page.goto(`${demo.url}/e/${demo.eventId}/runner/${await runnerOnCourse()}?lang=fa`);
      await page.waitForSelector('[data-testid=runner-page] .facts');
      await settled(page);
      await expectPersian(page, `runner page ${viewport.width}`);
      // An age group ("40-44") keeps its order inside Persian text: it is isolated, not read right to left.
      expect(await readsLeftToRight(page, '[data-testid=place-age-group]', /\d+-\d+/)).toBe(true);
      // A range of times reads from its low end, as in the English page.
      for (const range of ['projected-range', 'eta-range']) {
        await page.waitForSelector(`[data-testid=${range}]`);
        expect(await readsLeftToRight(page, `[data-testid=${range}]`, /\d+:\d\d–\d+:\d\d/), range).toBe(true);
      }
      await screenshot(page, `persian-runner-${viewport.width}`);
    }
  }, 90_000);

  it('the stadium screen and the announcer view', async () => {
    const page = await pageInPersian({ width: 1920, height: 1080 });
    await page.goto(`${demo.url}/screen/${demo.eventId}?lang=fa`);
    await page.waitForSelector('[data-testid=screen][data-slide]:not([data-slide=""])');
    await expectPersian(page, 'stadium screen');
    // A leader's gap ("+1:05", "≈+1:05") reads from its sign, as in English.
    await page.goto(`${demo.url}/screen/${demo.eventId}?lang=fa&panels=top&races=marathon`);
    const gap = '[data-panel=top] .leader-row:nth-child(2) .gap[data-gap]';
    await page.waitForSelector(gap);
    expect(await readsLeftToRight(page, gap, /[≈+]+[\d:]+/)).toBe(true);
    await page.goto(`${demo.url}/speaker/${demo.eventId}?minutes=30&lang=fa`);
    await page.waitForSelector('[data-testid=speaker-list] [data-eta]');
    await expectPersian(page, 'announcer view');
  }, 60_000);

  it('the console: log-in, events, every tab of an event', async () => {
    const page = await pageInPersian();
    await page.goto(`${demo.url}/console/login?lang=fa`);
    await page.waitForSelector('input[type=password]');
    await expectPersian(page, 'console log-in');
    const res = await page.request.post(`${demo.url}/api/organizer/login`, { data: ADMIN });
    expect(res.status()).toBe(200);
    await page.goto(`${demo.url}/console?lang=fa`);
    await page.waitForSelector(`a[href*="/console/events/${demo.eventId}"]`);
    await settled(page);
    await expectPersian(page, 'console events');
    for (const tab of ['setup', 'entrants', 'control', 'monitoring', 'audit', 'devices']) {
      await page.goto(`${demo.url}/console/events/${demo.eventId}/${tab}?lang=fa`);
      await page.waitForSelector('.console-tabs a.active');
      await settled(page);
      if (tab === 'control') {
        // The runner's controls appear once a bib is given.
        await page.fill('input[name=runner-bib]', await leaderBib());
        await page.waitForSelector('select[name=status]');
      }
      await expectPersian(page, `console ${tab}`);
      await screenshot(page, `persian-console-${tab}`);
    }
  }, 120_000);
});
