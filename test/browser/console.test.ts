// The organizers' console in Chromium against the real server and the built client: log in,
// import a course and entrants (an unknown country is a warning), start a race, mark a DNS, move a
// runner, make a runner private from the keyboard, then feed a race where the first mat after
// the start reads nobody and five runners were read only at the start: Monitoring, opened by its
// address, fills by itself with the silent mat and those runners overdue. The audit page filters;
// the console in Persian, right to left.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Splitcast } from '../../server/app';
import { Feeder } from '../../server/simulator/feeder';
import { planReads } from '../../server/simulator/plan';
import { buildRace } from '../../server/setup/race-builder';
import { eventSetupSchema } from '../../shared/domain';
import { ARTIFACTS, builtClient, launchChromium, startClientServer } from './support/harness';

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
  const clientDir = builtClient();
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

  it('imports entrants from CSV after checking the mapping; an unknown country is a warning, the entrant kept', async () => {
    await page.getByRole('link', { name: 'Entrants' }).click();
    const file = csv.replace('IRI,10k', 'XXX,10k').replace('GER,10k', 'Germany,10k');
    await page.setInputFiles('input[name="entrants-csv"]', { name: 'entrants.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
    await page.getByText('32 rows, 32 valid, 0 problems, 1 warnings').waitFor();
    await page.locator('.warnings').getByText('unknown country "XXX", kept as given').waitFor();
    expect(await page.getByLabel('column for firstName').inputValue()).toBe('First name');
    await page.getByRole('button', { name: 'Import 32 entrants' }).click();
    await status('Imported 32 entrants (32 in the event)');
    const entrants = server.primary!.runtime.setup(EVENT)!.entrants;
    expect(entrants.find((e) => e.bib === '1')?.country).toBe('XXX');
    expect(entrants.find((e) => e.bib === '2')?.country).toBe('DEU');
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

  it('makes a runner private from the keyboard: bib, action, reason, Enter', async () => {
    const bib = page.locator('input[name="quick-bib"]');
    await bib.focus();
    await page.keyboard.type('30');
    await page.keyboard.press('Tab');
    // From DNS down to "Make private": DNF, DQ, Registered, Make private.
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
    expect(await page.locator('select[name="quick-action"]').inputValue()).toBe('private');
    await page.keyboard.press('Tab');
    await page.keyboard.type('asked at the expo');
    await page.keyboard.press('Enter');
    await status('Bib 30: Make private');
    // Ready for the next runner, focus back on the bib.
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('quick-bib');
    const board = await (await fetch(`${server.url}/api/events/${EVENT}/races/10k/leaderboard?limit=100`)).json();
    expect((board.entries as { bib: string }[]).some((r) => r.bib === '30')).toBe(false);
    expect((await fetch(`${server.url}/api/events/${EVENT}/runners/30`)).status).toBe(404);
  });

  it('fills Monitoring when opened by its address: the first mat silent, start-only runners overdue', async () => {
    const setup = server.primary!.runtime.setup(EVENT)!;
    // The 2 km mat reads nobody; five runners are read at the start and never again.
    const collapsed = new Set(['C1', 'C2', 'C5', 'C6', 'C7']);
    const reads = planReads(setup, { missRate: 0, dnfRate: 0, unknownChips: 0 }).filter((r) => r.point !== '2k' && (r.point === 'start' || !collapsed.has(r.chip ?? '')));
    expect(reads.filter((r) => r.chip === 'C1').map((r) => r.point)).toEqual(['start']);
    feeder = new Feeder({ url: server.url, token, eventId: EVENT, reads, speed: 1, clockStart: Date.now(), tickMs: 200 });
    // The race clock is now: everything read since the gun goes in at once, then in real time.
    feeder.start();

    // Straight to the page by its address, no other click, no threshold touched.
    await page.goto(`${server.url}/console/events/${EVENT}/monitoring`);
    await page.locator('table.mats tbody tr').first().waitFor();
    const silent = page.locator('.alert-silent[data-point="2k"]');
    await silent.waitFor({ timeout: 20_000 });
    expect(await silent.textContent()).toMatch(/^Silent mat: 2 km \(2k\) — device online but no reads, [5-9] runners due, last passing never$/);
    expect(await page.locator('table.mats tr[data-point="2k"] td').last().textContent()).toBe('SILENT');
    const overdue = page.locator('table.overdue tbody tr');
    await page.locator('table.overdue tr[data-bib="7"]').waitFor({ timeout: 20_000 });
    const bibs = await overdue.locator('td:first-child').allTextContents();
    expect(bibs).toEqual(expect.arrayContaining(['1', '2', '5', '6', '7']));
    const row = page.locator('table.overdue tr[data-bib="1"] td');
    expect(await row.nth(3).textContent()).toBe('start');
    expect(await row.nth(5).textContent()).toMatch(/^2k /);
    expect(await row.nth(6).textContent()).toBe("field's pace");
    // The mats that are fed are not silent.
    await page.locator('table.mats tr[data-point="5k"]').getByText('ok').waitFor();
    // A lone server says so (docs/cluster.md for a cluster's view).
    await page.getByTestId('cluster').getByText('One server: no standby, no replicas.').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'console-monitoring.png'), fullPage: true });

    // Sortable: by bib, ascending.
    await page.getByRole('button', { name: /^Bib/ }).click();
    const sorted = await overdue.locator('td:first-child').allTextContents();
    expect(sorted.map(Number)).toEqual([...sorted.map(Number)].sort((a, b) => a - b));

    // After a reconnect it is live again by itself: the server drops the socket; the page connects
    // again and subscribes, with no click.
    const organizers = server.io.of('/organizer');
    const dropped = new Set(organizers.sockets.keys());
    expect(dropped.size).toBe(1);
    for (const socket of organizers.sockets.values()) socket.disconnect(true);
    const watching = () => [...organizers.sockets.values()].filter((s) => !dropped.has(s.id) && (s.data as { watching?: unknown }).watching).length;
    await expect.poll(watching, { timeout: 15_000 }).toBe(1);
    const before = await page.getByTestId('monitoring-updated').textContent();
    await expect.poll(() => page.getByTestId('monitoring-updated').textContent(), { timeout: 15_000 }).not.toBe(before);
  });

  it('filters the audit log by action and runner', async () => {
    await page.goto(`${server.url}/console/events/${EVENT}/audit`);
    await page.locator('table.audit tbody tr').first().waitFor();
    await page.locator('select[name="audit-action"]').selectOption('runner.privacy');
    await page.locator('table.audit tbody tr[data-action="runner.privacy"]').waitFor();
    await expect.poll(() => page.locator('table.audit tbody tr').count()).toBe(1);
    expect(await page.locator('table.audit tbody tr td').nth(3).textContent()).toBe('30');
    await page.locator('select[name="audit-action"]').selectOption('');
    await page.locator('input[name="audit-runner"]').fill('3');
    await expect.poll(() => page.locator('table.audit tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')))).toEqual(['runner.status']);
  });

  it('speaks Persian, right to left', async () => {
    await page.goto(`${server.url}/console/events/${EVENT}/monitoring`);
    await page.getByTestId('language').selectOption('fa');
    await page.getByRole('heading', { name: 'پایش' }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['fa', 'rtl']);
    await page.getByRole('link', { name: 'کنترل مسابقه' }).waitFor();
    await page.locator('.alert-silent').filter({ hasText: 'تشک خاموش' }).waitFor({ timeout: 20_000 });
    await page.locator('table.overdue tbody tr').first().waitFor();
    expect(await page.locator('table.overdue tr[data-bib="1"] td').nth(6).textContent()).toBe('سرعت دوندگان');
    await page.screenshot({ path: join(ARTIFACTS, 'console-fa.png'), fullPage: true });
    // Race control from the keyboard in Persian too: the labels are Persian, the form the same.
    await page.getByRole('link', { name: 'کنترل مسابقه' }).click();
    await page.getByRole('heading', { name: 'اقدام سریع' }).waitFor();
    await page.getByRole('link', { name: 'تنظیمات' }).click();
    await page.getByRole('heading', { name: 'افزودن مسابقه' }).waitFor();
    await page.locator('section[data-race="10k"]').getByText('مسیر: 4 نقطه').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'console-fa-setup.png'), fullPage: true });
    await page.getByRole('link', { name: 'دستگاه‌ها' }).click();
    await page.getByRole('button', { name: 'ساخت توکن' }).waitFor();
    await page.getByTestId('language').selectOption('en');
    await page.getByRole('heading', { name: 'Devices' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
  });

  it('asks before correcting a gun that has gone, with the recorded and the corrected time; no "Start now"', async () => {
    feeder?.stop();
    const gunOf10k = () => server.primary!.runtime.setup(EVENT)!.races.find((r) => r.id === '10k')!.gunTime!;
    const recorded = gunOf10k();
    await page.goto(`${server.url}/console/events/${EVENT}/control`);
    await page.locator('select[name="gun-race"]').selectOption('10k');
    await page.locator('.gun-gone').getByText(/^The gun of 10k went at \d\d:\d\d:\d\d \(UTC\)/).waitFor();
    expect(await page.getByRole('button', { name: 'Start now' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Record gun time' }).count()).toBe(0);

    const corrected = recorded + 60_000;
    await page.locator('input[name="gun-time"]').fill(new Date(corrected).toISOString());
    await page.getByRole('button', { name: 'Correct the gun time…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Correct the gun time of 10k?' });
    await dialog.waitFor();
    const shown = (ms: number) => `${new Date(ms).toISOString().slice(0, 10)} ${new Date(ms).toISOString().slice(11, 19)} (UTC)`;
    expect(await dialog.getByTestId('gun-was').textContent()).toBe(shown(recorded));
    expect(await dialog.getByTestId('gun-becomes').textContent()).toBe(shown(corrected));
    await page.screenshot({ path: join(ARTIFACTS, 'console-gun-correction.png') });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(gunOf10k()).toBe(recorded);

    await page.getByRole('button', { name: 'Correct the gun time…' }).click();
    await dialog.locator('input[name="gun-reason"]').fill('gun recorded a minute early');
    await dialog.getByRole('button', { name: 'Correct the gun time' }).click();
    await status(`Gun of 10k corrected: ${shown(recorded).replace(' (UTC)', '')} → ${shown(corrected).replace(' (UTC)', '')}`);
    expect(gunOf10k()).toBe(corrected);

    // Undone from the audit log, after a question with both times.
    await page.goto(`${server.url}/console/events/${EVENT}/audit`);
    const row = page.locator('table.audit tbody tr[data-action="race.gun.correct"]');
    await row.getByRole('button', { name: 'Undo…' }).click();
    const undo = page.getByRole('dialog', { name: /^Undo race\.gun\.correct/ });
    expect(await undo.locator('.undo-summary').textContent()).toBe(`The gun of 10k goes back from ${shown(corrected).replace(' (UTC)', '')} to ${shown(recorded).replace(' (UTC)', '')} (UTC).`);
    await undo.getByRole('button', { name: 'Undo', exact: true }).click();
    await row.getByText(/^undone \(#\d+\)$/).waitFor();
    expect(gunOf10k()).toBe(recorded);
  });

  it('a console that has not seen the gun go is refused with the time it went, then offers the correction', async () => {
    await page.goto(`${server.url}/console/events/${EVENT}/control`);
    await page.locator('select[name="gun-race"]').selectOption('loop');
    const startNow = page.getByRole('button', { name: 'Start now' });
    await startNow.waitFor();
    // Another organizer fires it meanwhile.
    const fired = await page.request.post(`${server.url}/api/organizer/events/${EVENT}/races/loop/gun`, { data: { time: 'now' } });
    expect(fired.status()).toBe(200);
    await startNow.click();
    await page.getByRole('alert').filter({ hasText: /^the gun of loop went at \d\d:\d\d:\d\d \(UTC\); it is not fired again/ }).waitFor();
    await page.getByRole('button', { name: 'Correct the gun time…' }).waitFor();
    expect(await startNow.count()).toBe(0);
    expect(server.primary!.runtime.setup(EVENT)!.races.find((r) => r.id === 'loop')!.gunTime).toBe((await fired.json()).gunTime);
  });

  it('asks before a one-line file replaces the entrant list, with the counts; Cancel changes nothing', async () => {
    const api = async () => (await page.request.get(`${server.url}/api/organizer/events/${EVENT}/setup`)).json() as Promise<{ entrants: { bib: string }[] }>;
    const before = (await api()).entrants.map((e) => e.bib);
    const { runtime } = server.primary!;
    const withResults = before.filter((bib) => runtime.readCount(EVENT, bib) > 0).length;
    expect(withResults).toBeGreaterThan(0);

    await page.goto(`${server.url}/console/events/${EVENT}/entrants`);
    // Merging is the default: the same file would add one entrant and remove nobody.
    expect(await page.locator('select[name="entrants-mode"]').inputValue()).toBe('merge');
    await page.locator('select[name="entrants-mode"]').selectOption('replace');
    await page.setInputFiles('input[name="entrants-csv"]', { name: 'one.csv', mimeType: 'text/csv', buffer: Buffer.from('Bib,First name,Last name,Sex,Race\n999,Only,One,F,10k\n') });
    await page.getByTestId('entrants-changes').getByText(`Importing: 1 added, 0 updated, ${before.length} removed (${withResults} of them with results); 1 entrants after`).waitFor();
    await page.getByRole('button', { name: 'Import 1 entrants' }).click();
    const dialog = page.getByRole('dialog', { name: 'Replace the entrant list?' });
    await dialog.waitFor();
    expect(await dialog.locator('.confirm-removed').textContent()).toBe(`${before.length} entrants will be removed, ${withResults} of them have results.`);
    expect(await dialog.textContent()).toContain('1 added, 0 updated; the event will have 1 entrants.');
    // Cancel is where the focus is: Enter on the question changes nothing.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await page.screenshot({ path: join(ARTIFACTS, 'console-import-confirm.png') });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await api()).entrants.map((e) => e.bib)).toEqual(before);

    // Confirmed, then undone from the audit log: every entrant is back with their results.
    await page.getByRole('button', { name: 'Import 1 entrants' }).click();
    await dialog.getByRole('button', { name: `Remove ${before.length} and import` }).click();
    await status('Imported 1 entrants (1 in the event)');
    expect((await api()).entrants.map((e) => e.bib)).toEqual(['999']);
    await page.goto(`${server.url}/console/events/${EVENT}/audit`);
    await page.locator('table.audit tbody tr[data-action="entrants.replace"]').getByRole('button', { name: 'Undo…' }).click();
    const undo = page.getByRole('dialog', { name: /^Undo entrants\.replace/ });
    expect(await undo.locator('.undo-summary').textContent()).toBe(`${before.length} entrants put back, 0 changed back, 1 removed (0 of them with results); ${before.length} entrants after.`);
    await page.screenshot({ path: join(ARTIFACTS, 'console-undo-import.png') });
    await undo.getByRole('button', { name: 'Undo', exact: true }).click();
    await page.locator('table.audit tbody tr[data-action="undo"]').first().waitFor();
    expect((await api()).entrants.map((e) => e.bib)).toEqual(before);
    expect(before.filter((bib) => runtime.readCount(EVENT, bib) > 0).length).toBe(withResults);
  });

  it('asks before removing a mat, with the runners who have a split there; Cancel keeps it', async () => {
    const { runtime } = server.primary!;
    const at8k = runtime.standings(EVENT, '10k').filter((r) => r.splits.some((sp) => sp.point === '8k')).length;
    expect(at8k).toBeGreaterThan(0);
    await page.goto(`${server.url}/console/events/${EVENT}/setup`);
    const row = page.locator('section[data-race="10k"] tr').filter({ hasText: '(8k)' });
    await row.getByRole('button', { name: 'Remove' }).click();
    const dialog = page.getByRole('dialog', { name: /^Remove the mat / });
    await dialog.waitFor();
    expect(await dialog.locator('.removal-summary').textContent()).toBe(`${at8k} runners have a split at this mat: it is no longer shown or scored (the reads stay in the log).`);
    await page.screenshot({ path: join(ARTIFACTS, 'console-remove-mat.png') });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(runtime.setup(EVENT)!.races.find((r) => r.id === '10k')!.timingPoints.some((p) => p.id === '8k')).toBe(true);
  });
});
