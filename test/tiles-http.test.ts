// Local map tiles over HTTP: a tiny MBTiles file made here, served at /tiles/{z}/{x}/{y} with the TMS
// row flip, 404 outside its zooms and bounds, 400 for what is not a tile, cache headers; its metadata
// in /api/config; the Content-Security-Policy following the tile setting; bad files refused at start.
import Database from 'better-sqlite3';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSplitcast, type Splitcast } from '../server/app';
import { configWith, loadConfig, type Config } from '../server/config';
import { tileHandlers } from '../server/http/tile-handlers';
import { tileRange, tmsRow, type Bounds } from '../server/tiles/tile-grid';
import { solidPng, writeMBTiles, type TilesFixture } from './support/mbtiles-fixture';
import { tempDataDir } from './support/servers';

const BOUNDS: Bounds = [51.3, 35.65, 51.45, 35.78];
const [MIN_ZOOM, MAX_ZOOM] = [10, 13];
const MARKED_Z = 13;
const marked = tileRange(BOUNDS, MARKED_Z);
const MARKER = solidPng([200, 30, 30]);

let fixture: TilesFixture;
let server: Splitcast;
const started: Splitcast[] = [];

async function start(values: Partial<Config>): Promise<Splitcast> {
  const clientDir = mkdtempSync(join(tmpdir(), 'splitcast-fake-client-'));
  // A client, so its catch-all (index.html for any path) is in place behind the tile routes.
  writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>client</title>');
  const s = await createSplitcast(configWith({ PORT: 0, HOST: '127.0.0.1', DATA_DIR: tempDataDir(), CLIENT_DIR: clientDir, ...values }));
  started.push(s);
  return s;
}

beforeAll(async () => {
  fixture = writeMBTiles({ bounds: BOUNDS, minZoom: MIN_ZOOM, maxZoom: MAX_ZOOM });
  // One tile told apart from the rest, at its TMS row: found only if the server flips rows.
  const db = new Database(fixture.file);
  db.prepare('UPDATE tiles SET tile_data = ? WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?').run(MARKER, MARKED_Z, marked.minX, tmsRow(MARKED_Z, marked.minY));
  // A hole inside the bounds: a file need not hold every tile.
  db.prepare('DELETE FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?').run(MARKED_Z, marked.maxX, tmsRow(MARKED_Z, marked.maxY));
  db.close();
  server = await start({ TILES_MBTILES: fixture.file });
});
afterAll(async () => {
  for (const s of started) await s.close();
});

function statusOf(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    httpGet(url, { headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });
}

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });

describe('tiles from an MBTiles file', () => {
  it('serves a tile inside the bounds as PNG with cache headers, and 304 when unchanged', async () => {
    const r = tileRange(BOUNDS, 12);
    const res = await get(`/tiles/12/${r.minX}/${r.maxY}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(Buffer.from(await res.arrayBuffer()).equals(fixture.png)).toBe(true);
    const etag = res.headers.get('etag');
    expect(etag).toBeTruthy();
    // node:http: fetch marks a conditional request no-cache, which a browser revalidating does not.
    expect(await statusOf(`${server.url}/tiles/12/${r.minX}/${r.maxY}`, { 'if-none-match': etag! })).toBe(304);
  });

  it('flips the row: URL rows count from the north, the file stores TMS rows from the south', async () => {
    const res = await get(`/tiles/${MARKED_Z}/${marked.minX}/${marked.minY}`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(MARKER)).toBe(true);
    const other = await get(`/tiles/${MARKED_Z}/${marked.minX}/${marked.minY + 1}`);
    expect(Buffer.from(await other.arrayBuffer()).equals(fixture.png)).toBe(true);
  });

  it('answers 404 outside the zoom range, the bounds or the file', async () => {
    const r = tileRange(BOUNDS, 12);
    const outside = [
      `/tiles/${MIN_ZOOM - 1}/0/0`,
      `/tiles/${MAX_ZOOM + 1}/${marked.minX * 2}/${marked.minY * 2}`,
      `/tiles/12/${r.maxX + 1}/${r.minY}`,
      `/tiles/12/${r.minX}/${r.minY - 1}`,
      `/tiles/12/${2 ** 12}/${r.minY}`,
      `/tiles/40/0/0`,
      `/tiles/${MARKED_Z}/${marked.maxX}/${marked.maxY}`,
    ];
    for (const path of outside) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/application\/json/);
    }
  });

  it('answers 400 for what is not a tile address, never the page', async () => {
    for (const path of ['/tiles/a/1/2', '/tiles/12/1/2.png', '/tiles/-1/0/0', '/tiles/1.5/0/0', '/tiles/12/1', '/tiles/12/1/2/3', '/tiles/99999999999/0/0', '/tiles/']) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { error: string }).error, path).toMatch(/whole numbers/);
    }
  });

  it('gives the client the local URL and the file\'s bounds, zooms and attribution (as safe HTML)', async () => {
    const res = await get('/api/config');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.json()).toEqual({
      tileUrl: '/tiles/{z}/{x}/{y}',
      tileAttribution: '© OpenStreetMap contributors',
      tileBounds: BOUNDS,
      tileMinZoom: MIN_ZOOM,
      tileMaxZoom: MAX_ZOOM,
    });
  });

  it('lets images, fonts and the worker come from this server only', async () => {
    const csp = (await get('/')).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("img-src 'self' data: blob:;");
    expect(csp).toContain("font-src 'self';");
    expect(csp).toMatch(/worker-src 'self'(;|$)/);
  });

  it('serves 500 tiles quickly', async () => {
    const r = tileRange(BOUNDS, 12);
    const times: number[] = [];
    for (let i = 0; i < 500; i++) {
      const t0 = performance.now();
      const res = await get(`/tiles/12/${r.minX + (i % (r.maxX - r.minX + 1))}/${r.minY}`);
      await res.arrayBuffer();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const p = (q: number) => times[Math.floor(q * (times.length - 1))].toFixed(2);
    console.log(`tile route over loopback: median ${p(0.5)} ms, p99 ${p(0.99)} ms (500 requests, one at a time)`);
    expect(times[Math.floor(0.5 * (times.length - 1))]).toBeLessThan(50);
  });
});

describe('the tile setting', () => {
  it('TILE_URL= (empty) means no tiles: nothing in /api/config, no other image origin, no /tiles', async () => {
    expect(loadConfig({ TILE_URL: '' }).TILE_URL).toBe('');
    const s = await start({ TILE_URL: loadConfig({ TILE_URL: '' }).TILE_URL });
    expect(await (await fetch(`${s.url}/api/config`)).json()).toEqual({ tileUrl: '', tileAttribution: '© OpenStreetMap contributors' });
    const res = await fetch(`${s.url}/tiles/12/0/0`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toContain("img-src 'self' data: blob:;");
  });

  it('a tile server elsewhere is the one other image origin; unset, it is OpenStreetMap', async () => {
    expect(loadConfig({}).TILE_URL).toBe('https://tile.openstreetmap.org/{z}/{x}/{y}.png');
    const s = await start({ TILE_URL: 'https://{s}.tiles.example.test/{z}/{x}/{y}.png' });
    const csp = (await fetch(`${s.url}/api/config`)).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("img-src 'self' data: blob: https://*.tiles.example.test;");
  });

  it('refuses a TILE_URL that is not a tile template', () => {
    for (const bad of ['tile.openstreetmap.org', 'https://tiles.example.test/map.png', 'javascript:alert(1)//{z}{x}{y}']) {
      expect(() => loadConfig({ TILE_URL: bad }), bad).toThrow(/TILE_URL: must be empty or an http\(s\) URL or a path/);
    }
  });

  it('refuses at start a file that is missing, not SQLite, not MBTiles, vector tiles or with bad metadata', () => {
    const dir = mkdtempSync(join(tmpdir(), 'splitcast-bad-tiles-'));
    const text = join(dir, 'notes.mbtiles');
    writeFileSync(text, 'not a database at all, just some text that is long enough '.repeat(20));
    const empty = join(dir, 'empty.mbtiles');
    new Database(empty).exec('CREATE TABLE other (a)').close();
    const cases: [string, RegExp][] = [
      [join(dir, 'missing.mbtiles'), /no file at/],
      [text, /does not open as SQLite|is not an MBTiles file/],
      [empty, /is not an MBTiles file/],
      [writeMBTiles({ bounds: BOUNDS, minZoom: 10, maxZoom: 10, metadata: { format: 'pbf' } }).file, /vector tiles/],
      [writeMBTiles({ bounds: BOUNDS, minZoom: 10, maxZoom: 10, metadata: { format: 'tiff' } }).file, /unknown tile format/],
      [writeMBTiles({ bounds: BOUNDS, minZoom: 10, maxZoom: 10, metadata: { bounds: '51,35,50,36' } }).file, /bounds/],
      [writeMBTiles({ bounds: BOUNDS, minZoom: 10, maxZoom: 10, metadata: { maxzoom: 'twelve' } }).file, /zoom level/],
    ];
    for (const [file, message] of cases) expect(() => tileHandlers({ ...configWith({}), TILES_MBTILES: file }), file).toThrow(message);
  });

  it('reads zooms from the tiles and takes the world when the metadata leaves them out', async () => {
    const { file } = writeMBTiles({ bounds: BOUNDS, minZoom: 11, maxZoom: 12, metadata: { minzoom: null, maxzoom: null, bounds: null, attribution: '<script>alert(1)</script>Made &amp; shared' } });
    const s = await start({ TILES_MBTILES: file });
    const body = (await (await fetch(`${s.url}/api/config`)).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ tileMinZoom: 11, tileMaxZoom: 12, tileAttribution: 'alert(1) Made &amp; shared' });
    expect((body.tileBounds as number[]).map((v) => Math.round(v))).toEqual([-180, -85, 180, 85]);
  });
});
