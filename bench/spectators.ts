// What a spectator's browser receives and spends during a Boston results replay at 60×, mid-race:
// a phone-class Chromium (390 px wide, CPU 4× slower through the DevTools protocol) on the race
// page's leaderboard, and a desktop race page with the map. Socket bytes come from
// Network.webSocketFrameReceived, main-thread busy time from Performance.getMetrics (TaskDuration).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildClientIfChanged } from '../server/build/build-client';
import { startResultsDemoProcess, type DemoProcess } from './support/demo-process';
import { loadAverage, round } from './support/stats';
import type { Benchmark, BenchOutcome, Figure } from './support/types';

const BOSTON = resolve(import.meta.dirname, '../datasets/boston/2017.csv');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];

export interface PageFigures {
  /** Socket bytes received per second over the window. */
  bytesPerSecond: number;
  largestFrame: number;
  frames: number;
  /** Share of the window the main thread was busy. */
  busy: number;
  /** Changes the page's DOM made over the window: it kept changing live. */
  mutations: number;
}

/** Open the race page as a spectator arrives (by URL), wait for the board, then measure a window. */
export async function measureRacePage(browser: Browser, options: { url: string; phone: boolean; seconds: number }): Promise<PageFigures> {
  const context = await browser.newContext(
    options.phone ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true } : { viewport: { width: 1280, height: 800 } },
  );
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (options.phone) await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await cdp.send('Network.enable');
  await cdp.send('Performance.enable');
  let measuring = false;
  let bytes = 0;
  let frames = 0;
  let largest = 0;
  cdp.on('Network.webSocketFrameReceived', ({ response }) => {
    if (!measuring) return;
    // Binary frames arrive base64-encoded (opcode 2).
    const size = response.opcode === 2 ? Math.floor((response.payloadData.length * 3) / 4) : Buffer.byteLength(response.payloadData);
    bytes += size;
    frames += 1;
    largest = Math.max(largest, size);
  });
  try {
    await page.goto(options.url);
    await page.locator('[data-testid=leaderboard] .lb-row').first().waitFor({ timeout: 120_000 });
    // The board's first paint and the map's first draw are not what a spectator pays every second.
    await waitMs(page, 3000);
    await page.evaluate(() => {
      const w = window as unknown as { __mutations: number };
      w.__mutations = 0;
      new MutationObserver((list) => (w.__mutations += list.length)).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    const busyBefore = await taskDuration(page, cdp);
    const started = Date.now();
    measuring = true;
    await waitMs(page, options.seconds * 1000);
    measuring = false;
    const wall = (Date.now() - started) / 1000;
    const busy = (await taskDuration(page, cdp)) - busyBefore;
    const mutations = await page.evaluate(() => (window as unknown as { __mutations: number }).__mutations);
    return { bytesPerSecond: bytes / wall, largestFrame: largest, frames, busy: busy / wall, mutations };
  } finally {
    await context.close();
  }
}

async function taskDuration(_page: Page, cdp: Awaited<ReturnType<Browser['newBrowserCDPSession']>>): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN;
}

/** Wall-clock wait driven by the test process (the page's own timers run 4× slower under throttling). */
const waitMs = (_page: Page, ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every n-th row of a results file, `runners` in all, as a file of its own: the whole range of paces. */
function sampleFile(runners: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'splitcast-spectators-'));
  const file = join(dir, 'boston-sample.csv');
  const [header, ...rows] = readFileSync(BOSTON, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const step = Math.max(1, Math.floor(rows.length / runners));
  writeFileSync(file, [header, ...rows.filter((_, i) => i % step === 0).slice(0, runners)].join('\n'));
  return file;
}

async function waitForMidRace(demo: DemoProcess, share: number, timeoutMs: number): Promise<{ registered: number; finished: number }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${demo.url}/api/events/${demo.eventId}/races/marathon/leaderboard?limit=1`);
    const { counters } = (await res.json()) as { counters: { registered: number; finished: number; started: number } };
    if (counters.finished >= counters.registered * share) return counters;
    if (Date.now() > deadline) throw new Error(`mid-race not reached in ${timeoutMs} ms: ${JSON.stringify(counters)}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

export const spectatorsBenchmark: Benchmark = {
  name: 'spectators',
  async run({ quick, log }): Promise<BenchOutcome> {
    const clientDir = 'dist/client';
    await buildClientIfChanged(clientDir);
    const file = quick ? sampleFile(1000) : BOSTON;
    const speed = quick ? 150 : 60;
    const seconds = quick ? 6 : 30;
    const demo = await startResultsDemoProcess({ file, speed, clientDir: resolve(clientDir) });
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
    try {
      // Mid-race: the first tenth of the field has finished, most of it is on the course.
      const counters = await waitForMidRace(demo, 0.1, quick ? 120_000 : 600_000);
      log(`mid-race: ${counters.finished} of ${counters.registered} finished; load ${loadAverage()}`);
      const url = `${demo.url}/e/${demo.eventId}/race/marathon`;
      const phone = await measureRacePage(browser, { url, phone: true, seconds });
      log(`phone: ${JSON.stringify(phone)}`);
      const desktop = await measureRacePage(browser, { url, phone: false, seconds });
      log(`desktop: ${JSON.stringify(desktop)}`);
      const kb = (n: number) => round(n / 1024);
      const figures: Figure[] = [
        { measure: 'phone race page (390 px, CPU 4×): socket KB/s', value: kb(phone.bytesPerSecond), unit: 'KB/s', target: '<= 40', met: phone.bytesPerSecond <= 40 * 1024 },
        { measure: 'phone race page: main thread busy', value: round(phone.busy * 100), unit: '%', target: '<= 20', met: phone.busy <= 0.2 },
        { measure: 'phone race page: largest socket frame', value: kb(phone.largestFrame), unit: 'KB' },
        { measure: 'phone race page: DOM changes in the window', value: phone.mutations, unit: '', target: '> 0', met: phone.mutations > 0 },
        { measure: 'desktop race page with the map: socket KB/s', value: kb(desktop.bytesPerSecond), unit: 'KB/s', target: '<= 80', met: desktop.bytesPerSecond <= 80 * 1024 },
        { measure: 'desktop race page: main thread busy', value: round(desktop.busy * 100), unit: '%' },
        { measure: 'desktop race page: largest socket frame', value: kb(desktop.largestFrame), unit: 'KB' },
        { measure: 'desktop race page: DOM changes in the window', value: desktop.mutations, unit: '', target: '> 0', met: desktop.mutations > 0 },
      ];
      return { figures, details: { runners: counters.registered, speed, seconds, phone, desktop, load: loadAverage() } };
    } finally {
      await browser.close();
      await demo.close();
    }
  },
};
