// A raster MBTiles file (SQLite: a metadata table and tiles by zoom, column and TMS row), opened
// read-only. The metadata is checked once when the file opens, so a wrong file stops the start
// with a clear message instead of failing tile by tile.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { safeAttribution } from './attribution';
import { inRange, tileRange, tmsRow, WORLD, type Bounds, type TileRange } from './tile-grid';

export type RasterFormat = 'png' | 'jpg' | 'webp';

export const CONTENT_TYPES: Record<RasterFormat, string> = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' };

export interface TilesetInfo {
  name: string;
  format: RasterFormat;
  bounds: Bounds;
  minZoom: number;
  maxZoom: number;
  /** Safe HTML; empty when the file names no source. */
  attribution: string;
}

/** Tiles deeper than this are not a city map anyone exports; it also bounds 2**z. */
const MAX_ZOOM = 24;

export class MBTiles {
  readonly info: TilesetInfo;
  private readonly db: Database.Database;
  private readonly select: Database.Statement<[number, number, number], { tile_data: Buffer }>;
  private readonly ranges = new Map<number, TileRange>();

  constructor(file: string) {
    if (!existsSync(file)) throw new Error(`TILES_MBTILES: no file at ${file}`);
    try {
      this.db = new Database(file, { readonly: true, fileMustExist: true });
    } catch (err) {
      throw new Error(`TILES_MBTILES: ${file} does not open as SQLite (${(err as Error).message})`);
    }
    try {
      this.select = this.db.prepare('SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?');
      this.info = this.readInfo(file);
    } catch (err) {
      this.db.close();
      throw err instanceof Error && err.message.startsWith('TILES_MBTILES') ? err : new Error(`TILES_MBTILES: ${file} is not an MBTiles file (${(err as Error).message})`);
    }
    for (let z = this.info.minZoom; z <= this.info.maxZoom; z++) this.ranges.set(z, tileRange(this.info.bounds, z));
  }

  /** The tile at XYZ coordinates, or null outside the zoom range, the bounds or the file. */
  tile(z: number, x: number, y: number): Buffer | null {
    const range = this.ranges.get(z);
    if (!range || !inRange(range, x, y)) return null;
    return this.select.get(z, x, tmsRow(z, y))?.tile_data ?? null;
  }

  close(): void {
    this.db.close();
  }

  private readInfo(file: string): TilesetInfo {
    const rows = this.db.prepare('SELECT name, value FROM metadata').all() as { name: string; value: unknown }[];
    const meta = new Map(rows.map((r) => [String(r.name), String(r.value ?? '').trim()]));
    const fail = (why: string) => new Error(`TILES_MBTILES: ${file}: ${why}`);

    const format = (meta.get('format') || 'png').toLowerCase().replace('jpeg', 'jpg');
    if (format === 'pbf') throw fail('holds vector tiles (format pbf); Splitcast draws raster tiles (png, jpg or webp)');
    if (!(format in CONTENT_TYPES)) throw fail(`unknown tile format "${format}" (png, jpg or webp)`);

    const zooms = this.db.prepare('SELECT min(zoom_level) AS lo, max(zoom_level) AS hi FROM tiles').get() as { lo: number | null; hi: number | null };
    if (zooms.lo === null || zooms.hi === null) throw fail('has no tiles');
    const minZoom = zoomOf(meta.get('minzoom'), zooms.lo);
    const maxZoom = zoomOf(meta.get('maxzoom'), zooms.hi);
    if (minZoom > maxZoom) throw fail(`minzoom ${minZoom} is above maxzoom ${maxZoom}`);

    let bounds = WORLD;
    const rawBounds = meta.get('bounds');
    if (rawBounds) {
      const b = rawBounds.split(',').map(Number);
      const ok = b.length === 4 && b.every(Number.isFinite) && b[0] >= -180 && b[2] <= 180 && b[1] >= -90 && b[3] <= 90 && b[0] < b[2] && b[1] < b[3];
      if (!ok) throw fail(`bounds "${rawBounds}" are not west,south,east,north in degrees`);
      bounds = b as Bounds;
    }
    return { name: meta.get('name') ?? '', format: format as RasterFormat, bounds, minZoom, maxZoom, attribution: safeAttribution(meta.get('attribution') ?? '') };
  }
}

function zoomOf(value: string | undefined, fallback: number): number {
  const z = value === undefined || value === '' ? fallback : Number(value);
  if (!Number.isInteger(z) || z < 0 || z > MAX_ZOOM) throw new Error(`TILES_MBTILES: zoom level "${value}" is not a whole number from 0 to ${MAX_ZOOM}`);
  return z;
}
