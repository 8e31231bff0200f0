// A small raster MBTiles file for tests: solid-colour PNG tiles over a bounding box at a few zoom
// levels, stored by TMS row as the format says, with the metadata a map export writes.
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { tileRange, tmsRow, type Bounds } from '../../server/tiles/tile-grid';

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/** A 256×256 PNG of one colour. */
export function solidPng([r, g, b]: [number, number, number]): Buffer {
  const size = 256;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const row = Buffer.alloc(1 + size * 3);
  for (let i = 0; i < size; i++) row.set([r, g, b], 1 + i * 3);
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

export interface TilesFixture {
  file: string;
  /** The PNG stored for every tile. */
  png: Buffer;
  tiles: number;
}

/** Writes the file; metadata values are written as given (null leaves the row out). */
export function writeMBTiles(options: { bounds: Bounds; minZoom: number; maxZoom: number; colour?: [number, number, number]; metadata?: Record<string, string | null> }): TilesFixture {
  const file = join(mkdtempSync(join(tmpdir(), 'splitcast-tiles-')), 'city.mbtiles');
  const db = new Database(file);
  db.exec(`CREATE TABLE metadata (name TEXT, value TEXT);
           CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);
           CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);`);
  const metadata: Record<string, string | null> = {
    name: 'Test city',
    format: 'png',
    bounds: options.bounds.join(','),
    minzoom: String(options.minZoom),
    maxzoom: String(options.maxZoom),
    attribution: '<a href="https://www.openstreetmap.org/copyright">&copy; OpenStreetMap contributors</a>',
    ...options.metadata,
  };
  const putMeta = db.prepare('INSERT INTO metadata (name, value) VALUES (?, ?)');
  for (const [name, value] of Object.entries(metadata)) if (value !== null) putMeta.run(name, value);
  const png = solidPng(options.colour ?? [250, 220, 120]);
  const putTile = db.prepare('INSERT INTO tiles VALUES (?, ?, ?, ?)');
  let tiles = 0;
  db.transaction(() => {
    for (let z = options.minZoom; z <= options.maxZoom; z++) {
      const r = tileRange(options.bounds, z);
      for (let x = r.minX; x <= r.maxX; x++) {
        for (let y = r.minY; y <= r.maxY; y++) {
          putTile.run(z, x, tmsRow(z, y), png);
          tiles += 1;
        }
      }
    }
  })();
  db.close();
  return { file, png, tiles };
}
