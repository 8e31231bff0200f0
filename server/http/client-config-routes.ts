// What the browser client needs from the configuration: the map tiles and their attribution.
import { Router } from 'express';
import type { Config } from '../config';

export interface ClientConfig {
  /** Leaflet tile URL template; empty for no tiles (the course draws on a plain background). */
  tileUrl: string;
  tileAttribution: string;
}

export function clientConfigRoutes(config: Pick<Config, 'TILE_URL' | 'TILE_ATTRIBUTION'>): Router {
  const router = Router();
  const body: ClientConfig = { tileUrl: config.TILE_URL, tileAttribution: config.TILE_ATTRIBUTION };
  router.get('/api/config', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.json(body);
  });
  return router;
}
