// What the browser client needs from the configuration: the map tiles and their attribution.
import type { RequestHandler } from 'express';
import type { ClientConfig } from '../../shared/client-config';
import type { Config } from '../config';

export function clientConfigHandler(config: Pick<Config, 'TILE_URL' | 'TILE_ATTRIBUTION'>): RequestHandler {
  const body: ClientConfig = { tileUrl: config.TILE_URL, tileAttribution: config.TILE_ATTRIBUTION };
  return (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.json(body);
  };
}
