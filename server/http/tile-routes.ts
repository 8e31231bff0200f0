// The maps' base tiles: from a local MBTiles file at /tiles/{z}/{x}/{y} when TILES_MBTILES is set
// (nothing leaves the machine), else the TILE_URL template (empty: no tiles). Also tells the client
// which, at GET /api/config.
import { Router } from 'express';
import type { Config } from '../config';
import { CONTENT_TYPES, MBTiles } from '../tiles/mbtiles';
import type { ClientConfig } from '../../shared/client-config';
import { clientConfigRoutes } from './client-config-routes';

export const LOCAL_TILE_URL = '/tiles/{z}/{x}/{y}';

/** Tiles of a file in use change only when the operator swaps the file; a day keeps the venue's Wi-Fi quiet. */
const TILE_CACHE = 'public, max-age=86400';

type TileConfig = Pick<Config, 'TILE_URL' | 'TILE_ATTRIBUTION' | 'TILES_MBTILES'>;

/** Throws on a file that is not a raster MBTiles file, so the server does not start with it. */
export function tileRoutes(config: TileConfig, onClose: (close: () => void) => void): Router {
  const router = Router();
  const file = config.TILES_MBTILES ? new MBTiles(config.TILES_MBTILES) : null;
  if (!file) {
    router.use(clientConfigRoutes({ tileUrl: config.TILE_URL, tileAttribution: config.TILE_ATTRIBUTION }));
    router.get('/tiles/{*rest}', (_req, res) => {
      res.status(404).json({ error: 'no local tiles: TILES_MBTILES is not set' });
    });
    return router;
  }
  onClose(() => file.close());
  const { info } = file;
  const body: ClientConfig = {
    tileUrl: LOCAL_TILE_URL,
    tileAttribution: info.attribution || config.TILE_ATTRIBUTION,
    tileBounds: info.bounds,
    tileMinZoom: info.minZoom,
    tileMaxZoom: info.maxZoom,
  };
  router.use(clientConfigRoutes(body));
  router.get('/tiles/:z/:x/:y', (req, res) => {
    const [z, x, y] = [req.params.z, req.params.x, req.params.y].map(wholeNumber);
    if (z === null || x === null || y === null) {
      res.status(400).json({ error: 'a tile is /tiles/{z}/{x}/{y} with whole numbers' });
      return;
    }
    const tile = z <= 30 && x < 2 ** z && y < 2 ** z ? file.tile(z, x, y) : null;
    if (!tile) {
      res.status(404).json({ error: 'no tile there' });
      return;
    }
    res.setHeader('Content-Type', CONTENT_TYPES[info.format]);
    res.setHeader('Cache-Control', TILE_CACHE);
    res.send(tile);
  });
  router.get('/tiles/{*rest}', (_req, res) => {
    res.status(400).json({ error: 'a tile is /tiles/{z}/{x}/{y} with whole numbers' });
  });
  return router;
}

/** "0" to "99999999"; anything else (signs, decimals, extensions) is not a tile coordinate. */
function wholeNumber(text: string | string[] | undefined): number | null {
  return typeof text === 'string' && /^\d{1,8}$/.test(text) ? Number(text) : null;
}
