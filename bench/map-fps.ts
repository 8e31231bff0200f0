// Frames per second of the spectator map with 56,000 runners, in headless Chromium.
// Builds the map's runner layer (the same code the client runs) into one script, draws a synthetic
// field spread along the demo marathon, pans the map every frame, and counts frames.
//   npm run bench:map [-- --runners 56000 --seconds 5]
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { demoGuns, demoRaces } from '../server/demo/demo-event';

const { values } = parseArgs({ options: { runners: { type: 'string', default: '56000' }, seconds: { type: 'string', default: '5' }, width: { type: 'string', default: '1280' }, height: { type: 'string', default: '800' } } });
const RUNNERS = Number(values.runners);
const SECONDS = Number(values.seconds);
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];

const src = (p: string) => JSON.stringify(resolve('client/src', p));
const entry = `
import L from 'leaflet';
import { RunnerCanvasLayer } from ${src('map/runner-canvas-layer.ts')};
import { courseLine } from ${src('map/course-line.ts')};
import { trackable } from ${src('map/runner-estimate.ts')};

export async function run(race, count, seconds) {
  const el = document.getElementById('map');
  const map = L.map(el, { preferCanvas: true, zoomAnimation: false });
  const line = courseLine(race);
  const coords = race.course.map(([lon, lat]) => [lat, lon]);
  L.polyline(coords, { color: '#2563eb', weight: 5 }).addTo(map);
  map.fitBounds(coords);
  const now = Date.now();
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const mats = race.timingPoints.map((p) => p.distance).sort((a, b) => a - b);
  const runners = [];
  for (let i = 0; i < count; i++) {
    const pace = 180 + random() * 300;
    const elapsed = random() * 3.5 * 3600_000;
    const distance = Math.min(race.distance - 1, (elapsed / pace));
    const lastDistance = mats.filter((d) => d <= distance).pop() ?? 0;
    // The next mat's ETA with an 80 % range, as the engine publishes it: every runner draws a spread.
    const nextMat = mats.find((d) => d > lastDistance) ?? race.distance;
    const left = (nextMat - lastDistance) * pace;
    const eta = now - elapsed + nextMat * pace;
    const row = { bib: String(i), name: 'Runner ' + i, private: false, status: 'onCourse', startTime: now - elapsed,
      lastDistance, lastNet: lastDistance * pace, lastTime: now - elapsed + lastDistance * pace,
      nextEta: eta, nextEtaRange: [eta - left * 0.06, eta + left * 0.12] };
    const t = trackable(row, race);
    if (t) runners.push({ ...t, label: i % 560 === 0 ? row.name : null });
  }
  const layer = new RunnerCanvasLayer(map, line, () => Date.now());
  layer.setRunners(runners);
  layer.start();
  let dx = 1;
  const pan = () => { map.panBy([dx, 0], { animate: false }); if (Math.random() < 0.01) dx = -dx; requestAnimationFrame(pan); };
  requestAnimationFrame(pan);
  await new Promise((r) => setTimeout(r, 1000));
  const f0 = layer.frames; const m0 = layer.fieldMs; const c0 = layer.fieldCount; const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const frames = layer.frames - f0; const elapsed = (performance.now() - t0) / 1000;
  return { runners: runners.length, fps: frames / elapsed, fieldMs: (layer.fieldMs - m0) / (layer.fieldCount - c0), fieldHz: (layer.fieldCount - c0) / elapsed };
}
`;

// Inside the project, so the entry resolves packages from its node_modules.
const cache = resolve('node_modules/.cache');
mkdirSync(cache, { recursive: true });
const dir = mkdtempSync(join(cache, 'splitcast-map-bench-'));
writeFileSync(join(dir, 'entry.ts'), entry);
await build({
  configFile: false,
  logLevel: 'error',
  build: { outDir: dir, emptyOutDir: false, minify: true, lib: { entry: join(dir, 'entry.ts'), formats: ['iife'], name: 'MapBench', fileName: () => 'bench.js' } },
});
const script = readFileSync(join(dir, 'bench.js'), 'utf8');
const css = readFileSync(resolve('node_modules/leaflet/dist/leaflet.css'), 'utf8');
const race = demoRaces(demoGuns(Date.now()))[0];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: Number(values.width), height: Number(values.height) } });
  await page.setContent('<!doctype html><html><body style="margin:0"><div id="map" style="width:100vw;height:100vh;background:#e8eef3"></div></body></html>');
  await page.addStyleTag({ content: css });
  await page.addScriptTag({ content: script });
  const result = await page.evaluate(
    ([r, n, s]) => (window as unknown as { MapBench: { run(race: unknown, n: number, s: number): Promise<{ runners: number; fps: number; fieldMs: number; fieldHz: number }> } }).MapBench.run(r, n, s),
    [race, RUNNERS, SECONDS] as const,
  );
  await page.screenshot({ path: join(dir, 'map-fps.png') });
  console.log(`map: ${result.runners} runners on one canvas, ${values.width}×${values.height}, headless Chromium (software rendering)`);
  console.log(`map: ${result.fps.toFixed(1)} frames per second while panning`);
  console.log(`map: every runner projected and drawn ${result.fieldHz.toFixed(1)} times a second, ${result.fieldMs.toFixed(1)} ms each time`);
  console.log(`map: screenshot ${join(dir, 'map-fps.png')}`);
} finally {
  await browser.close();
}
