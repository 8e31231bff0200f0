// The HTTP edge: security headers, request logs with ids, rate limits, the client.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { TrustRule } from './client-address';
import { requestRateLimits } from './rate-limits';
import { ThrottledLog } from '../throttled-log';

/** `trust`: which proxies' forwarded addresses count (server/http/client-address.ts), sockets' rule too. */
export function httpEdge(app: Express, config: Config, log: Logger, trust: TrustRule): void {
  // Behind a TLS-terminating proxy: real client addresses for the limits, req.secure for cookies.
  app.set('trust proxy', trust);
  // Images from the tile server only when tiles come from elsewhere: local tiles are 'self', none is none.
  const tileOrigin = config.TILES_MBTILES ? null : originOf(config.TILE_URL);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'blob:', ...(tileOrigin ? [tileOrigin] : [])],
          connectSrc: ["'self'"],
          // Fonts are in the build (no web font service); the offline cache's worker is ours.
          fontSrc: ["'self'"],
          workerSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          scriptSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: null,
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  const refusals = designedRefusalLogs(log);
  app.use(
    pinoHttp({
      logger: log,
      genReqId: (req, res) => {
        const id = (req.headers['x-request-id'] as string | undefined)?.slice(0, 64) || randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.method === 'GET' && !req.url?.startsWith('/api/') },
      // Device tokens, session cookies and cluster tokens never reach the logs.
      serializers: {
        req: (req: { headers?: Record<string, unknown> }) => ({ ...req, headers: withoutSecrets(req.headers) }),
        res: (res: { headers?: Record<string, unknown> }) => ({ ...res, headers: withoutSecrets(res.headers) }),
      },
      customLogLevel: (req, res, err) => {
        // A designed refusal (429, or 503 with Retry-After: being prepared) is no fault of ours, and
        // anyone can cause it: a warn line per kind now and then, with a count, not one per request.
        const refusal = err ? undefined : refusals.get(res.statusCode);
        if (refusal && (res.statusCode === 429 || res.hasHeader('Retry-After'))) {
          refusal.note({ method: req.method, path: req.url?.split('?')[0].slice(0, 120) });
          return 'silent';
        }
        return err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'debug';
      },
    }),
  );
  // Limits before anything else is done, on every path (the client's files too), so a flood
  // costs little. Bodies are parsed by the routes that take them (server/http/routes.ts).
  const limits = requestRateLimits(config);
  if (limits.length > 0) app.use(...limits);
}

/** How often a designed refusal is written to the log: the first of each kind in a window, the rest counted. */
export const REFUSAL_LOG_WINDOW_MS = 10_000;

function designedRefusalLogs(log: Logger): Map<number, ThrottledLog> {
  const throttle = (message: string) => new ThrottledLog(log, 'warn', message, { perWindow: 1, windowMs: REFUSAL_LOG_WINDOW_MS, now: Date.now });
  return new Map([
    [429, throttle('requests refused: too many (429)')],
    [503, throttle('requests refused: being prepared (503)')],
  ]);
}

const SECRET_HEADERS = new Set(['authorization', 'cookie', 'set-cookie', 'proxy-authorization']);

function withoutSecrets(headers: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!headers) return headers;
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, SECRET_HEADERS.has(k.toLowerCase()) ? '[redacted]' : v]));
}

function originOf(template: string): string | null {
  if (!/^https?:\/\//.test(template)) return null;
  try {
    return new URL(template.replace(/\{[a-z]\}/g, 'a').replace(/\{([a-z]+)\}/g, '0')).origin.replace('://a.', '://*.');
  } catch {
    return null;
  }
}

/** The built client, with every unknown non-API path answered by index.html (deep links work). */
export function serveClient(app: Express, dir: string): void {
  const root = resolve(dir);
  const index = resolve(root, 'index.html');
  if (!existsSync(index)) return;
  app.use(
    express.static(root, {
      index: false,
      maxAge: '1h',
      // The service worker and the page it caches are checked on every load, so a new build reaches browsers.
      setHeaders: (res, path) => {
        if (/(^|[\\/])(sw\.js|index\.html)$/.test(path)) res.setHeader('Cache-Control', 'no-cache');
      },
    }),
  );
  app.get(/^(?!\/api\/|\/socket\.io\/).*/, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
