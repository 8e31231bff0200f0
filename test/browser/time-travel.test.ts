// Time travel and rehearsals in Chromium against the real server and the built client: the race
// page opened at a moment (`?at=`), scrubbed, played and sent back to live; then a rehearsal made
// from a results file in the console, played, paused, resumed and stopped, and marked as such on
// the spectator page, the stadium screen and the announcer view.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Splitcast } from '../../server/app';
import { eventSetupSchema } from '../../shared/domain';
import { GUN, min, OVERTAKE_READS, smallEvent } from '../fixtures';
import { postReads } from '../support/servers';
import { ARTIFACTS, builtClient, launchChromium, startClientServer } from './support/harness';
import { boardBibs, mapPixels, screenshot } from './support/pages';

const ADMIN = { email: 'director@splitcast.test', password: 'rehearse before race day' };
const BOSTON = readFileSync(join(import.meta.dirname, '../../datasets/boston/2015.csv'), 'utf8').split('\n').slice(0, 41).join('\n');
// A straight 10 km course, so the map has somewhere to draw the runners.
const COURSE: [number, number][] = Array.from({ length: 11 }, (_, i) => [13 + i * 0.01456, 52]);

let server: Splitcast;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const clientDir = builtClient();
  server = await startClientServer(clientDir, { ORGANIZER_EMAIL: ADMIN.email, ORGANIZER_PASSWORD: ADMIN.password });
  const base = smallEvent();
  server.primary!.runtime.saveSetup(eventSetupSchema.parse({ ...base, races: base.races.map((r) => (r.id === '10k' ? { ...r, course: COURSE } : r)) }));
  const { token } = server.primary!.devices.create('test-event', 'test mat', Date.now());
  // Ben leads at 5 km; Ana passes him and wins.
  const res = await postReads(server.url, 'test-event', token, {
    reads: [
      ...OVERTAKE_READS,
    ],
  });
  expect(res.status).toBe(200);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const topBibs = async (n: number) => (await boardBibs(page)).slice(0, n);
const POLL = { timeout: 10_000 };
const sliderValue = () => page.getByTestId('time-slider').inputValue().then(Number);

describe('the race page at a moment', () => {
  it('opens at ?at= with that moment\'s order, its slider and runners on the map', async () => {
    const at = new Date(GUN + min(25)).toISOString();
    await page.goto(`${server.url}/e/test-event/race/10k?at=${at}`);
    await page.getByTestId('time-not-live').filter({ hasText: 'Not live' }).waitFor();
    // The header says so too, not a green "Live".
    await page.locator('[data-testid=connection][data-state=past]').filter({ hasText: 'Past – not live' }).waitFor();
    await page.locator('[data-testid=leaderboard] .lb-row[data-bib="2"]').waitFor();
    await expect.poll(() => topBibs(2), POLL).toEqual(['2', '1']);
    expect(await sliderValue()).toBe(GUN + min(25));
    expect(await page.getByTestId('time-slider').getAttribute('min')).toBe(String(GUN));
    expect(await page.getByTestId('time-slider').getAttribute('max')).toBe(String(GUN + min(41)));
    // Both on course then: the map draws them, with the clock at that moment.
    await expect.poll(async () => (await mapPixels(page)).runners, { timeout: 10_000 }).toBeGreaterThan(0);
    await screenshot(page, 'time-travel-at');
  });

  it('goes back to live, and scrubs to another moment', async () => {
    await page.getByTestId('time-back-to-live').click();
    await page.getByTestId('time-live').waitFor();
    expect(new URL(page.url()).searchParams.get('at')).toBeNull();
    await page.locator('[data-testid=connection][data-state=live]').filter({ hasText: 'Live' }).waitFor();
    await expect.poll(() => topBibs(2), POLL).toEqual(['1', '2']);
    // Scrub to 40 minutes: Ana finished, Ben still on course.
    await page.getByTestId('time-slider').fill(String(GUN + min(40)));
    await page.getByTestId('time-not-live').waitFor();
    await expect.poll(() => new URL(page.url()).searchParams.get('at'), POLL).toBe(new Date(GUN + min(40)).toISOString());
    await expect.poll(() => topBibs(2), POLL).toEqual(['1', '2']);
    await expect.poll(() => page.locator('[data-testid=leaderboard] .lb-row[data-bib="2"]').textContent(), POLL).toMatch(/5 km/);
    // At 10 minutes nobody has reached 5 km yet.
    await page.getByTestId('time-slider').fill(String(GUN + min(10)));
    await expect.poll(() => page.locator('[data-testid=leaderboard] .lb-row[data-bib="2"]').textContent(), POLL).not.toMatch(/5 km/);
  });

  it('plays at ×60 and stops at the last read', async () => {
    await page.getByTestId('time-speed-60').click();
    expect(await sliderValue()).toBe(GUN + min(10));
    await page.getByTestId('time-play').click();
    // Ben reaches 5 km at 19 minutes: ten minutes of race at ×60 take ten seconds.
    await expect.poll(sliderValue, { timeout: 30_000 }).toBeGreaterThan(GUN + min(20));
    await page.getByTestId('time-play').click();
    await expect.poll(() => page.locator('[data-testid=leaderboard] .lb-row[data-bib="2"]').textContent(), POLL).toMatch(/5 km/);
    await screenshot(page, 'time-travel-playing');
    // Played on, it stops at the last read.
    await page.getByTestId('time-play').click();
    await expect.poll(sliderValue, { timeout: 60_000 }).toBe(GUN + min(41));
    await expect.poll(() => page.getByTestId('time-play').textContent(), POLL).toBe('Play');
  }, 120_000);

  it('says what is wrong with a bad ?at=', async () => {
    await page.goto(`${server.url}/e/test-event/race/10k?at=tomorrow`);
    await page.locator('.error').filter({ hasText: 'not a moment' }).first().waitFor();
  });

  it('keeps its last view while the next moment loads, and says it is loading', async () => {
    await page.goto(`${server.url}/e/test-event/race/10k?at=${new Date(GUN + min(25)).toISOString()}`);
    await expect.poll(() => topBibs(2), POLL).toEqual(['2', '1']);
    // The next answer is held back on its way: the board stays, with a note.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/leaderboard?at=*', async (route) => {
      await held;
      await route.continue();
    });
    await page.getByTestId('time-slider').fill(String(GUN + min(40)));
    await page.getByTestId('time-loading').filter({ hasText: 'Loading the race as it was' }).waitFor();
    expect(await topBibs(2)).toEqual(['2', '1']);
    release();
    await expect.poll(() => topBibs(2), POLL).toEqual(['1', '2']);
    await page.getByTestId('time-loading').waitFor({ state: 'detached' });
    await page.unroute('**/leaderboard?at=*');
  });

  it('shows the date of a moment on another day than the event\'s, and refuses one outside its window', async () => {
    const dayBefore = GUN - 24 * 3_600_000;
    await page.goto(`${server.url}/e/test-event/race/10k?at=${new Date(dayBefore).toISOString()}`);
    const date = new Date(dayBefore).toISOString().slice(0, 10);
    await page.getByTestId('time-not-live').filter({ hasText: `on ${date}` }).waitFor();
    await page.goto(`${server.url}/e/test-event/race/10k?at=2020-01-01T00:00:00Z`);
    await page.locator('.error').filter({ hasText: "outside the event's window" }).first().waitFor();
  });
});

describe('a rehearsal from the console', () => {
  it('is created from a results file, played, paused, resumed and stopped', async () => {
    await page.goto(`${server.url}/console/login`);
    await page.getByLabel('E-mail').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByTestId('new-rehearsal').waitFor();
    await page.getByTestId('rehearsal-id').fill('boston-rehearsal');
    await page.getByTestId('rehearsal-name').fill('Boston rehearsal');
    await page.getByTestId('rehearsal-file').setInputFiles({ name: 'boston-2015.csv', mimeType: 'text/csv', buffer: Buffer.from(BOSTON) });
    await page.getByTestId('rehearsal-sample').fill('25');
    await page.getByTestId('rehearsal-create').click();
    await page.waitForURL(/\/console\/events\/boston-rehearsal\/rehearsal$/);
    await page.getByTestId('rehearsal-banner').waitFor();
    await page.getByTestId('rehearsal-state').filter({ hasText: 'ready' }).waitFor();

    await page.getByTestId('rehearsal-speed').selectOption('600');
    await page.getByTestId('rehearsal-play').click();
    await page.getByTestId('rehearsal-state').filter({ hasText: 'playing' }).waitFor();
    await expect.poll(async () => Number(await page.getByTestId('rehearsal-sent').textContent()), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.getByTestId('rehearsal-pause').click();
    await page.getByTestId('rehearsal-state').filter({ hasText: 'paused' }).waitFor();
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByTestId('rehearsal-state').filter({ hasText: 'playing' }).waitFor();
    await page.getByTestId('rehearsal-stop').click();
    await page.getByTestId('rehearsal-state').filter({ hasText: 'stopped' }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'rehearsal-console.png'), fullPage: true });
    expect(server.primary!.readLog.count('boston-rehearsal')).toBeGreaterThan(0);
  });

  it.each([
    ['spectator page', '/e/boston-rehearsal', 'rehearsal-spectator'],
    ['stadium screen', '/screen/boston-rehearsal', 'rehearsal-screen'],
    ['announcer view', '/speaker/boston-rehearsal', 'rehearsal-speaker'],
  ])('is marked as a rehearsal on the %s', async (_name, path, shot) => {
    await page.goto(`${server.url}${path}`);
    await page.getByTestId('rehearsal-banner').filter({ hasText: /Rehearsal/ }).waitFor();
    await screenshot(page, shot);
  });

  it('is marked on the public event list; a normal event is not', async () => {
    await page.goto(`${server.url}/`);
    const card = (name: string) => page.locator('.event-card').filter({ hasText: name });
    await card('Boston rehearsal').getByTestId('rehearsal-tag').filter({ hasText: 'Rehearsal' }).waitFor();
    await card('Test Event').waitFor();
    expect(await card('Test Event').getByTestId('rehearsal-tag').count()).toBe(0);
    await screenshot(page, 'rehearsal-event-list');
  });

  it('a normal event has no rehearsal tab, and its rehearsal address says so once instead of polling into 404s', async () => {
    await page.goto(`${server.url}/console/events/test-event/setup`);
    await page.locator('.console-tabs').getByRole('link', { name: 'Audit log' }).waitFor();
    expect(await page.locator('.console-tabs').getByRole('link', { name: 'Rehearsal' }).count()).toBe(0);
    await page.goto(`${server.url}/console/events/boston-rehearsal/setup`);
    await page.locator('.console-tabs').getByRole('link', { name: 'Rehearsal' }).waitFor();

    const asked: string[] = [];
    page.on('request', (r) => r.url().includes('/api/organizer/rehearsals/test-event') && asked.push(r.url()));
    await page.clock.install();
    await page.goto(`${server.url}/console/events/test-event/rehearsal`);
    await page.getByTestId('not-a-rehearsal').filter({ hasText: 'This event is not a rehearsal' }).waitFor();
    expect(await page.locator('.error').count()).toBe(0);
    // Ten polling periods later, no more questions than when the page said so.
    const once = asked.length;
    await page.clock.runFor(10_000);
    expect(asked).toHaveLength(once);
    expect(once).toBeLessThanOrEqual(2);
  });
});
