// Helpers for the offline tests: a browser whose every request is watched (and whose host names
// resolve nowhere, so a request meant for the internet cannot get out even if a test is wrong), the
// map tiles a page has drawn, and the MBTiles file covering the demo event's courses.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { demoEvent } from '../../../server/demo/demo-event';
import type { Bounds } from '../../../server/tiles/tile-grid';
import { writeMBTiles, type TilesFixture } from '../../support/mbtiles-fixture';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium';

export const TILE_COLOUR: [number, number, number] = [250, 220, 120];

export function launchIsolatedChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1'] });
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Every request of the context's pages and workers that is meant for another machine. */
export function watchRequests(context: BrowserContext): { leaving: string[]; local: string[] } {
  const seen = { leaving: [] as string[], local: [] as string[] };
  context.on('request', (req) => {
    const url = new URL(req.url());
    if (!/^(https?|wss?):$/.test(url.protocol)) return;
    (LOCAL_HOSTS.has(url.hostname) ? seen.local : seen.leaving).push(req.url());
  });
  return seen;
}

/** The courses' bounding box with a margin, so every map of the demo event has tiles all round. */
export function demoTiles(): TilesFixture & { bounds: Bounds } {
  const points = demoEvent(Date.now()).races.flatMap((r) => r.course ?? []);
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  const bounds: Bounds = [Math.min(...lons) - 0.05, Math.min(...lats) - 0.05, Math.max(...lons) + 0.05, Math.max(...lats) + 0.05];
  return { ...writeMBTiles({ bounds, minZoom: 9, maxZoom: 15, colour: TILE_COLOUR }), bounds };
}

export interface DrawnTiles {
  /** Tiles shown from this server's /tiles. */
  local: number;
  /** Tile images from anywhere else. */
  foreign: string[];
  /** The colour of the first local tile's centre, as the page drew it. */
  colour: number[] | null;
}

/** The tiles the page's maps have drawn. */
export function drawnTiles(page: Page, within = '.leaflet-container'): Promise<DrawnTiles> {
  return page.evaluate((scope) => {
    const tiles = [...document.querySelectorAll<HTMLImageElement>(`${scope} img.leaflet-tile`)];
    const mine = `${location.origin}/tiles/`;
    const local = tiles.filter((t) => t.src.startsWith(mine) && t.classList.contains('leaflet-tile-loaded') && t.complete && t.naturalWidth === 256);
    let colour: number[] | null = null;
    if (local[0]) {
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = 256;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(local[0], 0, 0);
      colour = [...ctx.getImageData(128, 128, 1, 1).data.slice(0, 3)];
    }
    return { local: local.length, foreign: tiles.filter((t) => !t.src.startsWith(mine)).map((t) => t.src), colour };
  }, within);
}

/** Until the page's maps show at least `count` tiles from /tiles. */
export function waitForLocalTiles(page: Page, count: number, within = '.leaflet-container'): Promise<unknown> {
  return page.waitForFunction(
    ({ scope, n }) => {
      const mine = `${location.origin}/tiles/`;
      const loaded = [...document.querySelectorAll<HTMLImageElement>(`${scope} img.leaflet-tile-loaded`)].filter((t) => t.src.startsWith(mine) && t.naturalWidth === 256);
      return loaded.length >= n;
    },
    { scope: within, n: count },
    { timeout: 20_000 },
  );
}
