// The maps' base tiles: from a local MBTiles file at /tiles/{z}/{x}/{y} when TILES_MBTILES is set
// (nothing leaves the machine), else the TILE_URL template (empty: no tiles). Also tells the client
// which, at GET /api/config. Mounted by server/http/routes.ts.
import type { RequestHandler } from 'express';
import type { Config } from '../config';
import { CONTENT_TYPES, MBTiles } from '../tiles/mbtiles';
import type { ClientConfig } from '../../shared/client-config';

export const LOCAL_TILE_URL = '/tiles/{z}/{x}/{y}';

/** Tiles of a file in use change only when the operator swaps the file; a day keeps the venue's Wi-Fi quiet. */
const TILE_CACHE = 'public, max-age=86400';

type TileConfig = Pick<Config, 'TILE_URL' | 'TILE_ATTRIBUTION' | 'TILES_MBTILES'>;

export interface TileHandlers {
  /** GET /api/config: which tiles the maps use. */
  clientConfig: RequestHandler;
  /** GET /tiles/:z/:x/:y from the local file. */
  tile: RequestHandler;
  /** Any other path under /tiles. */
  notATile: RequestHandler;
  close(): void;
}

/** Throws on a file that is not a raster MBTiles file, so the server does not start with it. */
export function tileHandlers(config: TileConfig): TileHandlers {
  const file = config.TILES_MBTILES ? new MBTiles(config.TILES_MBTILES) : null;
  const body: ClientConfig = file
    ? {
        tileUrl: LOCAL_TILE_URL,
        tileAttribution: file.info.attribution || config.TILE_ATTRIBUTION,
        tileBounds: file.info.bounds,
        tileMinZoom: file.info.minZoom,
        tileMaxZoom: file.info.maxZoom,
      }
    : { tileUrl: config.TILE_URL, tileAttribution: config.TILE_ATTRIBUTION };
  const notATile: RequestHandler = (_req, res) => {
    if (!file) res.status(404).json({ error: 'no local tiles: TILES_MBTILES is not set' });
    else res.status(400).json({ error: 'a tile is /tiles/{z}/{x}/{y} with whole numbers' });
  };
  return {
    clientConfig: (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.json(body);
    },
    tile: (req, res, next) => {
      if (!file) return notATile(req, res, next);
      const [z, x, y] = [req.params.z, req.params.x, req.params.y].map(wholeNumber);
      if (z === null || x === null || y === null) return notATile(req, res, next);
      const tile = z <= 30 && x < 2 ** z && y < 2 ** z ? file.tile(z, x, y) : null;
      if (!tile) {
        res.status(404).json({ error: 'no tile there' });
        return;
      }
      res.setHeader('Content-Type', CONTENT_TYPES[file.info.format]);
      res.setHeader('Cache-Control', TILE_CACHE);
      res.send(tile);
    },
    notATile,
    close: () => file?.close(),
  };
}

/** "0" to "99999999"; anything else (signs, decimals, extensions) is not a tile coordinate. */
function wholeNumber(text: string | string[] | undefined): number | null {
  return typeof text === 'string' && /^\d{1,8}$/.test(text) ? Number(text) : null;
}
