// Page helpers for the browser tests: pixels of the map canvases, horizontal overflow, screenshots.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS } from './harness';

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: false });
}

/** Pixels of the course colour on Leaflet's canvas and drawn pixels on the runner canvas. */
export function mapPixels(page: Page): Promise<{ course: number; runners: number; dots: [number, number][] }> {
  return page.evaluate(() => {
    const count = (canvas: HTMLCanvasElement | null, hit: (r: number, g: number, b: number, a: number) => boolean, keep?: [number, number][]) => {
      if (!canvas || canvas.width === 0) return 0;
      const { data, width } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (!hit(data[i], data[i + 1], data[i + 2], data[i + 3])) continue;
        n += 1;
        if (keep && n % 37 === 0 && keep.length < 30) keep.push([(i / 4) % width, Math.floor(i / 4 / width)]);
      }
      return n;
    };
    const dots: [number, number][] = [];
    const course = count(document.querySelector<HTMLCanvasElement>('.leaflet-overlay-pane canvas'), (r, g, b, a) => a > 100 && b > 180 && r < 90 && g < 140);
    const runners = count(document.querySelector<HTMLCanvasElement>('[data-testid=runner-canvas]'), (r, _g, _b, a) => a > 60 && r > 100, dots);
    return { course, runners, dots };
  });
}

export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** Bibs of the leaderboard's visible rows, top first. */
export function boardBibs(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid=leaderboard] .lb-row')]
      .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
      .map((el) => el.dataset.bib!),
  );
}

/**
 * Everything a page's Socket.IO connection sends and receives, over the WebSocket and over the
 * long-polling it starts with: text packets as they are, binary attachments as '<binary>'.
 */
export function socketTraffic(page: Page): { sent: string[]; received: string[] } {
  const sent: string[] = [];
  const received: string[] = [];
  const packets = (body: string) => body.split('\x1e').map((p) => (p.startsWith('b') ? '<binary>' : p));
  page.on('websocket', (ws) => {
    ws.on('framesent', (f) => sent.push(String(f.payload)));
    ws.on('framereceived', (f) => received.push(typeof f.payload === 'string' ? f.payload : '<binary>'));
  });
  page.on('request', (req) => {
    const body = req.postData();
    if (req.url().includes('/socket.io/') && body) sent.push(...packets(body));
  });
  page.on('response', (res) => {
    if (!res.url().includes('/socket.io/') || res.request().method() !== 'GET') return;
    res.text().then((body) => received.push(...packets(body)), () => {});
  });
  return { sent, received };
}
