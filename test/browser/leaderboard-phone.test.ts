// A major's leaderboard and course in Chromium at 390 px and 1280 px, opened by URL: 12,000 runners
// of a marathon without a course line, fed through the real ingest. A filtered board shows places in
// its category (checked against the server's own board), five-digit places stay clear of the bib,
// and the course strip shows the crowd's shape with mats' labels that do not print over each other.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { eventSetupSchema } from '../../shared/domain';
import { assignPlaces } from '../../shared/board/order';
import type { LeaderboardEntry } from '../../shared/views';
import type { Splitcast } from '../../server/app';
import { builtClient, launchChromium, startClientServer } from './support/harness';
import { screenshot } from './support/pages';

const EVENT = 'major';
const RUNNERS = 12_000;
const COUNTRIES = ['CAN', 'USA', 'KEN', 'IRN'];
const GROUPS = ['18-34', '35-39', '40-44', '45-49', '50-54'];
const MATS = [5, 10, 15, 20, 21.0975, 25, 30, 35, 40, 42.195];
const SIZES = [{ width: 390, height: 844 }, { width: 1280, height: 800 }];

let server: Splitcast;
let browser: Browser;

/** The event, and every runner's reads up to where their pace has taken them three hours after the gun. */
function major(now: number) {
  const gun = now - 3 * 3_600_000;
  const setup = eventSetupSchema.parse({
    id: EVENT,
    name: 'Major Marathon',
    date: new Date(gun).toISOString().slice(0, 10),
    timeZone: 'UTC',
    races: [
      {
        id: 'marathon',
        name: 'Marathon',
        kind: 'point-to-point',
        distance: 42_195,
        gunTime: gun,
        timingPoints: [
          { id: 'start', name: 'Start', kind: 'start', distance: 0 },
          ...MATS.slice(0, -1).map((km) => ({ id: `m${km}`, name: km === 21.0975 ? 'Half' : `${km}K`, kind: 'split', distance: Math.round(km * 1000) })),
          { id: 'finish', name: 'Finish', kind: 'finish', distance: 42_195 },
        ],
      },
    ],
    entrants: Array.from({ length: RUNNERS }, (_, i) => ({
      bib: String(10_001 + i),
      chip: `C${i}`,
      name: `Runner ${i}`,
      gender: i % 2 ? 'M' : 'F',
      ageGroup: GROUPS[i % GROUPS.length],
      country: COUNTRIES[i % COUNTRIES.length],
      raceId: 'marathon',
    })),
  });
  const reads: { point: string; chip: string; time: number }[] = [];
  for (let i = 0; i < RUNNERS; i++) {
    const pace = 240 + (((i * 7919) % RUNNERS) * 180) / RUNNERS; // seconds per km, 4:00 to 7:00, each its own
    reads.push({ point: 'start', chip: `C${i}`, time: gun + 10_000 });
    MATS.forEach((km, m) => {
      const time = gun + 10_000 + Math.round(pace * km * 1000);
      if (time < now) reads.push({ point: m === MATS.length - 1 ? 'finish' : `m${km}`, chip: `C${i}`, time });
    });
  }
  return { setup, reads };
}

beforeAll(async () => {
  const now = Date.now();
  const { setup, reads } = major(now);
  [server, browser] = await Promise.all([startClientServer(builtClient()), launchChromium()]);
  const { runtime, devices } = server.primary!;
  runtime.saveSetup(setup);
  const { token } = devices.create(EVENT, 'leaderboard test', now);
  for (let at = 0; at < reads.length; at += 10_000) {
    const res = await fetch(`${server.url}/api/events/${EVENT}/reads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ reads: reads.slice(at, at + 10_000) }),
    });
    expect(res.status).toBeLessThan(300);
  }
  // Every runner placed before a page opens.
  await vi.waitFor(async () => expect((await board('')).counters.started).toBe(RUNNERS), { timeout: 60_000, interval: 200 });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function board(query: string, limit = 200): Promise<{ total: number; counters: { started: number }; entries: LeaderboardEntry[] }> {
  const res = await fetch(`${server.url}/api/events/${EVENT}/races/marathon/leaderboard?limit=${limit}${query}`);
  return (await res.json()) as never;
}

async function open(size: { width: number; height: number }, path: string): Promise<Page> {
  const page = await browser.newPage({ viewport: size });
  page.on('pageerror', (err) => console.error('page error:', err.message));
  await page.goto(`${server.url}${path}`);
  return page;
}

/** The rows on screen: bib, the place shown, the overall place beside it, and whether place and bib overlap. */
function shownRows(page: Page) {
  return page.$$eval('[data-testid=leaderboard] .lb-row', (rows) =>
    rows
      .filter((r) => {
        const box = r.getBoundingClientRect();
        const list = r.closest('.lb-scroll')!.getBoundingClientRect();
        return box.top >= list.top && box.bottom <= list.bottom;
      })
      .map((r) => {
        const place = r.querySelector<HTMLElement>('.lb-place')!;
        const bib = r.querySelector<HTMLElement>('.bib')!.getBoundingClientRect();
        const p = place.getBoundingClientRect();
        // The digits' own extent, not the column's: a place wider than its column overflows it.
        const range = document.createRange();
        range.selectNodeContents(place);
        const digits = range.getBoundingClientRect();
        return {
          bib: (r as HTMLElement).dataset.bib!,
          place: place.textContent!,
          overall: r.querySelector('[data-testid=lb-overall]')?.textContent ?? null,
          clear: digits.right <= bib.left + 0.5 && digits.left >= p.left - 0.5,
        };
      }),
  );
}

describe('a major on a phone and a desktop', () => {
  for (const size of SIZES) {
    it(`a filtered board shows places in its category at ${size.width} px`, async () => {
      const page = await open(size, `/e/${EVENT}/race/marathon?gender=F&ageGroup=45-49&country=CAN`);
      await page.waitForSelector('[data-testid=lb-places-in]');
      expect(await page.textContent('[data-testid=lb-places-in]')).toContain('Women · 45-49 · Canada');
      const server = await board('&gender=F&ageGroup=45-49&country=CAN');
      const ownPlaces = new Map(assignPlaces(server.entries).map((e) => [e.bib, String(e.places!.overall)]));
      const overall = new Map(server.entries.map((e) => [e.bib, e.places!.overall]));
      await expect.poll(async () => (await shownRows(page)).length, { timeout: 15_000 }).toBeGreaterThan(5);
      const rows = await shownRows(page);
      expect(rows[0].place).toBe('1');
      for (const row of rows) {
        expect(row.place).toBe(ownPlaces.get(row.bib));
        expect(row.overall).toContain(String(overall.get(row.bib)));
      }
      // The category's places are not the overall ones: this board's runners are far down the race.
      expect(rows.every((r) => Number(r.place) < overall.get(r.bib)!)).toBe(true);
      expect(rows.every((r) => r.clear)).toBe(true);
      await screenshot(page, `major-filtered-${size.width}`);
      await page.close();
    });

    it(`five-digit places stay clear of the bib at ${size.width} px`, async () => {
      const page = await open(size, `/e/${EVENT}/race/marathon`);
      await page.waitForSelector('[data-testid=leaderboard] .lb-row');
      // To the end of the board, where places have five digits.
      await page.$eval('.lb-scroll', (el) => el.scrollTo(0, el.scrollHeight));
      await expect.poll(async () => (await shownRows(page)).filter((r) => r.place.length === 5).length, { timeout: 15_000 }).toBeGreaterThan(5);
      const rows = (await shownRows(page)).filter((r) => r.place.length === 5);
      expect(rows.filter((r) => !r.clear)).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(page, `major-five-digits-${size.width}`);
      await page.close();
    });

    it(`the course without a line shows the crowd and readable mats at ${size.width} px`, async () => {
      const page = await open(size, `/e/${EVENT}/race/marathon`);
      if (size.width < 720) await page.click('[data-testid=view-map]');
      await page.waitForSelector('[data-testid=course-strip] .course-strip-mark.finish span');
      await expect.poll(async () => Number(await page.getAttribute('[data-testid=course-strip]', 'data-runners')), { timeout: 15_000 }).toBeGreaterThan(5_000);
      await expect.poll(() => page.getAttribute('[data-testid=course-strip]', 'data-mode'), { timeout: 5_000 }).toBe('crowd');
      // Painted, and not one solid block: part of the band is left as background.
      const paint = async () =>
        page.$eval('[data-testid=strip-canvas]', (c) => {
          const canvas = c as HTMLCanvasElement;
          const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
          let painted = 0;
          const columns = new Set<number>();
          for (let i = 0; i < data.length; i += 4) {
            if (data[i + 3] > 60) {
              painted += 1;
              columns.add((i / 4) % canvas.width);
            }
          }
          return { painted: painted / (canvas.width * canvas.height), columns: columns.size / canvas.width };
        });
      await expect.poll(async () => (await paint()).painted, { timeout: 10_000 }).toBeGreaterThan(0.01);
      const { painted, columns } = await paint();
      expect(painted).toBeLessThan(0.5);
      expect(columns).toBeGreaterThan(0.2);
      // The labels shown do not touch; start and finish are always among them.
      const labels = await page.$$eval('.course-strip-mark span', (spans) => spans.map((s) => ({ text: s.textContent!, ...s.getBoundingClientRect().toJSON() })));
      expect(labels.map((l) => l.text)).toEqual(expect.arrayContaining(['Start', 'Finish']));
      const sorted = labels.sort((a, b) => a.left - b.left);
      for (let i = 1; i < sorted.length; i++) expect(sorted[i].left, `${sorted[i - 1].text} / ${sorted[i].text}`).toBeGreaterThanOrEqual(sorted[i - 1].right);
      expect(labels.length).toBeGreaterThan(3);
      await screenshot(page, `major-course-strip-${size.width}`);
      await page.close();
    });
  }
});
