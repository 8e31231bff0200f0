// What the browser client needs from the configuration: the map tiles and their attribution.
import { Router } from 'express';
import type { ClientConfig } from '../../shared/client-config';

export type { ClientConfig };

export function clientConfigRoutes(body: ClientConfig): Router {
  const router = Router();
  router.get('/api/config', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.json(body);
  });
  return router;
}
