// Web Mercator tile arithmetic: which XYZ tiles lie inside a bounding box, and the TMS row that
// MBTiles stores a tile under (rows count from the south there, from the north in URLs).

/** [west, south, east, north] in degrees. */
export type Bounds = [number, number, number, number];

export const WORLD: Bounds = [-180, -85.0511287798066, 180, 85.0511287798066];

export interface TileRange {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

function tileX(lon: number, z: number): number {
  const n = 2 ** z;
  return clamp(Math.floor(((lon + 180) / 360) * n), 0, n - 1);
}

function tileY(lat: number, z: number): number {
  const n = 2 ** z;
  const rad = (clamp(lat, WORLD[1], WORLD[3]) * Math.PI) / 180;
  return clamp(Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n), 0, n - 1);
}

/** The XYZ tiles at zoom z that cover the bounds. */
export function tileRange(bounds: Bounds, z: number): TileRange {
  const [west, south, east, north] = bounds;
  return { minX: tileX(west, z), maxX: tileX(east, z), minY: tileY(north, z), maxY: tileY(south, z) };
}

export function inRange(range: TileRange, x: number, y: number): boolean {
  return x >= range.minX && x <= range.maxX && y >= range.minY && y <= range.maxY;
}

/** The TMS row (MBTiles' tile_row) of XYZ row y at zoom z. */
export const tmsRow = (z: number, y: number) => 2 ** z - 1 - y;
