// The console's course history tab in Chromium against the real server and the built client: an
// unusable file is refused with the server's words, a past year's results file is added and
// listed, then removed; the tab's words in Persian.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Splitcast } from '../../server/app';
import { buildRace } from '../../server/setup/race-builder';
import { eventSetupSchema } from '../../shared/domain';
import { formatDuration } from '../../shared/format';
import { builtClient, launchChromium, startClientServer } from './support/harness';

const ADMIN = { email: 'history@splitcast.test', password: 'last year was hot' };
const EVENT = 'history-day';

/** A past 10 km with mats at 5 km: 100 finishers. */
const past = ['Bib,Age,M/F,5K,Official Time', ...Array.from({ length: 100 }, (_, i) => `${i + 1},30,${i % 2 ? 'F' : 'M'},${formatDuration((1300 + i * 9) * 1000)},${formatDuration((2700 + i * 19) * 1000)}`)].join('\n');

let server: Splitcast;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startClientServer(builtClient(), { ORGANIZER_EMAIL: ADMIN.email, ORGANIZER_PASSWORD: ADMIN.password });
  server.primary!.runtime.saveSetup(
    eventSetupSchema.parse({
      id: EVENT,
      name: 'History day',
      date: new Date().toISOString().slice(0, 10),
      races: [buildRace({ id: '10k', name: '10 km', distance: 10_000, splits: [5000] })],
      entrants: [],
    }),
  );
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('course history in the console', () => {
  it('adds a past year, lists it, refuses a bad file with its reason, and removes it', async () => {
    await page.goto(`${server.url}/console/events/${EVENT}/history`);
    await page.waitForURL(/\/console\/login$/);
    await page.getByLabel('E-mail').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Course history' }).waitFor();
    const race = page.getByTestId('history-10k');
    await race.getByText('No earlier years yet').waitFor();
    await race.getByTestId('history-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('foo,bar\n1,2\n') });
    await race.getByTestId('history-upload').click();
    await race.getByText(/results file: the results file has no column for: bib/).waitFor();
    await race.getByTestId('history-file').setInputFiles({ name: '2025.csv', mimeType: 'text/csv', buffer: Buffer.from(past) });
    await race.getByTestId('history-upload').click();
    await race.getByText('2025.csv added: 100 finishers, 1 stretches between mats match this course').waitFor();
    await race.getByRole('cell', { name: '2025.csv' }).waitFor();
    await race.getByRole('button', { name: 'Remove' }).click();
    await race.getByText('2025.csv removed').waitFor();
    await race.getByText('No earlier years yet').waitFor();
  });

  it('speaks Persian', async () => {
    await page.getByTestId('language').selectOption('fa');
    await page.getByRole('heading', { name: 'پیشینهٔ مسیر' }).waitFor();
    await page.getByTestId('history-10k').getByText('هنوز سال پیشینی نیست').waitFor();
    await page.getByTestId('language').selectOption('en');
  });
});
