// The organizers' console in Chromium against the real server and the built client: log in,
// import a course and entrants, start a race, mark a DNS, move a runner, then let the simulator
// feed every mat but one and see the silent-mat and overdue alerts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Splitcast } from '../../server/app';
import { Feeder } from '../../server/simulator/feeder';
import { planReads } from '../../server/simulator/plan';
import { buildRace } from '../../server/setup/race-builder';
import { eventSetupSchema } from '../../shared/domain';
import { ARTIFACTS, buildClient, launchChromium, startClientServer } from './support/harness';

const ADMIN = { email: 'race-director@splitcast.test', password: 'the gun goes at seven' };
const EVENT = 'race-day';
const GUN_MINUTES_AGO = 40;
const gpx = readFileSync(new URL('../organizer-files/course.gpx', import.meta.url));
const COUNTRIES = ['IRI', 'GER', 'KEN', 'FRA', 'JPN', 'IRN'];
const csv = [
  'Bib,Chip,First name,Last name,Sex,Age,Nation,Race',
  ...Array.from({ length: 30 }, (_, i) => `${i + 1},C${i + 1},Runner,Number ${i + 1},${i % 3 === 0 ? 'F' : 'M'},${25 + (i % 30)},${COUNTRIES[i % COUNTRIES.length]},10k`),
  '901,C901,Lap,Runner,F,30,IRN,loop',
  '902,C902,Lap,Walker,M,50,DEU,loop',
].join('\n');

let server: Splitcast;
let browser: Browser;
let page: Page;
let feeder: Feeder | null = null;
let token: string;

beforeAll(async () => {
  const clientDir = await buildClient();
  server = await startClientServer(clientDir, { MONITOR_INTERVAL_MS: 500, ORGANIZER_EMAIL: ADMIN.email, ORGANIZER_PASSWORD: ADMIN.password });
  server.primary!.runtime.saveSetup(
    eventSetupSchema.parse({
      id: EVENT,
      name: 'Race day',
      date: new Date().toISOString().slice(0, 10),
      races: [
        buildRace({ id: '10k', name: '10 km', distance: 10_000, splits: [2000, 5000, 8000] }),
        buildRace({ id: 'loop', name: 'Stadium loop', loop: { length: 700, laps: 6 } }),
      ],
      entrants: [],
    }),
  );
  token = server.primary!.devices.create(EVENT, 'simulator', Date.now()).token;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => console.error(`console page error: ${e.message}`));
});

afterAll(async () => {
  feeder?.stop();
  if (page) await page.screenshot({ path: join(ARTIFACTS, 'console.png'), fullPage: true }).catch(() => {});
  await browser?.close();
  await server?.close();
});

const status = (text: string | RegExp) => page.getByRole('status').filter({ hasText: text }).waitFor();

describe('organizer console in Chromium', () => {
  it('asks for a log-in, then lists the events', async () => {
    await page.goto(`${server.url}/console/events/${EVENT}/setup`);
    await page.waitForURL(/\/console\/login$/);
    await page.getByLabel('E-mail').fill(ADMIN.email);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').filter({ hasText: 'wrong e-mail address or password' }).waitFor();
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    // Back where the organizer was going.
    await page.waitForURL(new RegExp(`/console/events/${EVENT}/setup$`));
    await page.getByRole('heading', { name: /Race day/ }).waitFor();
  });

  it('imports a course from GPX', async () => {
    await page.setInputFiles('input[name="course-10k"]', { name: 'course.gpx', mimeType: 'application/gpx+xml', buffer: gpx });
    await status('Course imported from course.gpx');
    await page.locator('section[data-race="10k"]').getByText('Course: 4 points').waitFor();
    await page.locator('.console-map').first().waitFor();
  });

  it('imports entrants from CSV after checking the mapping', async () => {
    await page.getByRole('link', { name: 'Entrants' }).click();
    await page.setInputFiles('input[name="entrants-csv"]', { name: 'entrants.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.replace('IRI,10k', 'XXX,10k')) });
    await page.getByText('32 rows, 31 valid, 1 problems').waitFor();
    await page.locator('.problems').getByText('unknown country code "XXX"').waitFor();
    expect(await page.getByRole('button', { name: /^Import/ }).isDisabled()).toBe(true);
    await page.setInputFiles('input[name="entrants-csv"]', { name: 'entrants.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByText('32 rows, 32 valid, 0 problems').waitFor();
    expect(await page.getByLabel('column for firstName').inputValue()).toBe('First name');
    await page.getByRole('button', { name: 'Import 32 entrants' }).click();
    await status('Imported 32 entrants (32 in the event)');
  });

  it('starts the race, marks a DNS and moves a runner', async () => {
    await page.getByRole('link', { name: 'Race control' }).click();
    const gun = new Date(Date.now() - GUN_MINUTES_AGO * 60_000).toISOString();
    await page.locator('select[name="gun-race"]').selectOption('10k');
    await page.locator('input[name="gun-time"]').fill(gun);
    await page.getByRole('button', { name: 'Record gun time' }).click();
    await status(/^Gun of 10k at/);

    await page.locator('input[name="runner-bib"]').fill('3');
    await page.locator('.runner-summary').getByText('Number 3').waitFor();
    await page.locator('input[name="reason"]').fill('visa refused');
    await page.locator('select[name="status"]').selectOption('dns');
    await page.getByRole('button', { name: 'Set status' }).click();
    await status('Bib 3: dns');
    await page.locator('.runner-summary').getByText('(visa refused)').waitFor();

    await page.locator('input[name="runner-bib"]').fill('4');
    await page.locator('.runner-summary').getByText('Number 4').waitFor();
    await page.locator('input[name="reason"]').fill('moved to the loop at her request');
    await page.locator('select[name="move-race"]').selectOption('loop');
    await page.getByRole('button', { name: 'Move runner' }).click();
    await status('Bib 4 moved to loop');

    // Spectators see it too.
    const board = await (await fetch(`${server.url}/api/events/${EVENT}/races/10k/leaderboard?limit=100`)).json();
    const rows = board.entries as { bib: string; status: string }[];
    expect(rows.find((r) => r.bib === '3')?.status).toBe('dns');
    expect(rows.some((r) => r.bib === '4')).toBe(false);
  });

  it('alerts on a silent mat and overdue runners when the simulator stops feeding one mat', async () => {
    const setup = server.primary!.runtime.engine(EVENT)!.event;
    const reads = planReads(setup, { missRate: 0, dnfRate: 0, unknownChips: 0 }).filter((r) => r.point !== '5k');
    expect(reads.some((r) => r.point === '2k')).toBe(true);
    feeder = new Feeder({ url: server.url, token, eventId: EVENT, reads, speed: 1, clockStart: Date.now(), tickMs: 200 });
    // The race clock is now: everything read since the gun goes in at once, then in real time.
    feeder.start();

    await page.getByRole('link', { name: 'Monitoring' }).click();
    await page.locator('input[name="tolerance"]').fill('1');
    const silent = page.locator('.alert-silent');
    await silent.filter({ hasText: 'Silent mat: 5 km (5k)' }).waitFor({ timeout: 20_000 });
    await page.locator('.alert-overdue').waitFor({ timeout: 20_000 });
    const overdue = page.locator('table.overdue tbody tr');
    expect(await overdue.count()).toBeGreaterThan(0);
    await expect.poll(() => overdue.first().locator('td').nth(5).textContent()).toMatch(/^5k /);
    // The mats that are fed are not silent; the 2 km mat has read everyone who started.
    await page.locator('table.mats tr[data-point="2k"]').getByText('ok').waitFor();
    expect(await page.locator('table.mats tr[data-point="5k"] td').last().textContent()).toBe('SILENT');

    // Sortable: by bib, ascending.
    await page.getByRole('button', { name: /^Bib/ }).click();
    const bibs = await overdue.locator('td:first-child').allTextContents();
    expect(bibs.map(Number)).toEqual([...bibs.map(Number)].sort((a, b) => a - b));
  });
});
