// The stadium screen left running: the demo race fed at speed through the real ingest, the screen
// in Chromium rotating every panel fast (so hours of rotation are compressed into minutes), and a
// server restart half-way. Samples the page's live JS heap after a forced GC, its DOM nodes and
// listeners, and whether a panel was on screen, at a fixed rate.
//   npm run bench:screen                                 12 minutes at 30× (the whole race), one restart
//   npm run bench:screen -- --seconds 20 --speed 30      a short run (what the test suite does)
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_EVENT_ID } from '../server/demo/demo-event';
import { launchChromium } from '../test/browser/support/harness';
import { buildClientIfChanged } from '../server/build/build-client';
import { startScreenServer } from '../test/browser/support/screen-server';

export interface ScreenSample {
  /** Seconds since the screen opened. */
  t: number;
  heapUsedMb: number;
  nodes: number;
  listeners: number;
  slide: string;
  blank: boolean;
  reconnecting: boolean;
}

export interface ScreenMemoryReport {
  startedAt: string;
  seconds: number;
  speed: number;
  secondsPerPanel: number;
  load: { before: string; after: string };
  restartAt: number | null;
  slidesShown: number;
  blankSamples: number;
  samples: ScreenSample[];
  steady: { heapFirstThirdMb: number; heapLastThirdMb: number; heapSlopeMbPerMin: number; nodesFirstThird: number; nodesLastThird: number; heapMaxMb: number };
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const round = (x: number, digits = 2) => Number(x.toFixed(digits));

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const mx = mean(xs);
  const my = mean(ys);
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

export async function screenMemory(options: { seconds: number; speed: number; secondsPerPanel?: number; sampleEvery?: number; restart?: boolean; log?: (m: string) => void; clientDir?: string }): Promise<ScreenMemoryReport> {
  const log = options.log ?? ((m: string) => console.error(m));
  const secondsPerPanel = options.secondsPerPanel ?? 3;
  const sampleEvery = options.sampleEvery ?? Math.max(2, Math.round(options.seconds / 60));
  const loadBefore = load();
  // The client npm start serves, built only when its sources changed.
  const clientDir = options.clientDir ?? 'dist/client';
  if (!options.clientDir) await buildClientIfChanged(clientDir);
  const dataDir = mkdtempSync(join(tmpdir(), 'splitcast-screen-bench-'));
  let demo = await startScreenServer({ clientDir, dataDir, port: 0, speed: options.speed });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await page.goto(`${demo.url}/screen/${DEMO_EVENT_ID}?seconds=${secondsPerPanel}`);
  await page.waitForSelector('[data-testid=screen] .panel');

  const samples: ScreenSample[] = [];
  const slides = new Set<string>();
  const started = Date.now();
  let restartAt: number | null = null;
  const restartAfter = options.restart === false ? Infinity : options.seconds / 2;
  try {
    while ((Date.now() - started) / 1000 < options.seconds) {
      await page.waitForTimeout(sampleEvery * 1000);
      const t = round((Date.now() - started) / 1000, 1);
      if (restartAt === null && t >= restartAfter) {
        log(`  restarting the server at ${t} s`);
        const { port, clock } = await demo.stop();
        await page.waitForSelector('[data-testid=screen-reconnecting]');
        demo = await startScreenServer({ clientDir, dataDir, port, speed: options.speed, clockStart: clock });
        restartAt = t;
      }
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
      const dom = (await cdp.send('Memory.getDOMCounters')) as { nodes: number; jsEventListeners: number };
      const view = await page.evaluate(() => ({
        slide: document.querySelector('[data-testid=screen]')?.getAttribute('data-slide') ?? '',
        blank: !document.querySelector('.screen .panel'),
        reconnecting: Boolean(document.querySelector('[data-testid=screen-reconnecting]')),
      }));
      slides.add(view.slide);
      samples.push({ t, heapUsedMb: round(heap.usedSize / 2 ** 20), nodes: dom.nodes, listeners: dom.jsEventListeners, ...view });
      log(`  ${t} s: heap ${round(heap.usedSize / 2 ** 20)} MB, ${dom.nodes} nodes, ${view.slide}${view.reconnecting ? ' (reconnecting)' : ''}`);
    }
  } finally {
    await browser.close();
    await demo.close();
  }

  // Steady state: after the first tenth (page load, first snapshots, first rotation).
  const steady = samples.filter((s) => s.t >= options.seconds / 10);
  const third = Math.max(1, Math.floor(steady.length / 3));
  const report: ScreenMemoryReport = {
    startedAt: new Date(started).toISOString(),
    seconds: options.seconds,
    speed: options.speed,
    secondsPerPanel,
    load: { before: loadBefore, after: load() },
    restartAt,
    slidesShown: slides.size,
    blankSamples: samples.filter((s) => s.blank).length,
    samples,
    steady: {
      heapFirstThirdMb: round(mean(steady.slice(0, third).map((s) => s.heapUsedMb))),
      heapLastThirdMb: round(mean(steady.slice(-third).map((s) => s.heapUsedMb))),
      heapSlopeMbPerMin: round(slope(steady.map((s) => s.t / 60), steady.map((s) => s.heapUsedMb)), 3),
      nodesFirstThird: Math.round(mean(steady.slice(0, third).map((s) => s.nodes))),
      nodesLastThird: Math.round(mean(steady.slice(-third).map((s) => s.nodes))),
      heapMaxMb: Math.max(...samples.map((s) => s.heapUsedMb)),
    },
  };
  const dir = resolve(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `screen-memory-${report.startedAt.replace(/[:.]/g, '-')}.json`), `${JSON.stringify(report, null, 2)}\n`);
  return report;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '720' }, speed: { type: 'string', default: '30' }, panel: { type: 'string', default: '3' } } });
  const r = await screenMemory({ seconds: Number(values.seconds), speed: Number(values.speed), secondsPerPanel: Number(values.panel) });
  console.log(
    `screen ${r.seconds} s at ${r.speed}× (${r.secondsPerPanel} s a panel, ${r.slidesShown} slides seen, restart at ${r.restartAt} s): ` +
      `heap ${r.steady.heapFirstThirdMb} → ${r.steady.heapLastThirdMb} MB (slope ${r.steady.heapSlopeMbPerMin} MB/min, max ${r.steady.heapMaxMb} MB), ` +
      `DOM nodes ${r.steady.nodesFirstThird} → ${r.steady.nodesLastThird}, blank samples ${r.blankSamples}; load ${r.load.before} → ${r.load.after}`,
  );
  process.exit(0);
}
