// Rate limits at the edge (express-rate-limit): per client address on the whole API, and per device
// token on what devices send. Defaults are generous on purpose: a race-day burst after a mat comes
// back online, or a stadium full of phones behind one address, must not be refused.
import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { rateLimit, type Options } from 'express-rate-limit';
import type { Config } from '../config';
import { bearerToken } from './device-auth';

function limiter(limit: number, windowMs: number, who: string, extra: Partial<Options>): RequestHandler | null {
  if (limit <= 0) return null;
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res, _next, options) => {
      const retryAfter = res.getHeader('Retry-After');
      res.status(options.statusCode).json({
        error: `too many requests from this ${who}: at most ${limit} per ${Math.round(windowMs / 1000)} s; retry after ${retryAfter ?? '?'} s`,
      });
    },
    ...extra,
  });
}

/** Limits for every request: first per address, then per device token (when one is sent). */
export function requestRateLimits(config: Pick<Config, 'RATE_LIMIT_IP' | 'RATE_LIMIT_DEVICE' | 'RATE_LIMIT_WINDOW_MS'>): RequestHandler[] {
  const window = config.RATE_LIMIT_WINDOW_MS;
  const perAddress = limiter(config.RATE_LIMIT_IP, window, 'address', { identifier: 'address' });
  const perDevice = limiter(config.RATE_LIMIT_DEVICE, window, 'device token', {
    identifier: 'device',
    // The cluster's own state requests are not a device's.
    skip: (req) => req.path.startsWith('/api/internal/') || !bearerToken(req.get('authorization')),
    // Keyed by a hash, so the limiter's memory holds no usable token.
    keyGenerator: (req) => createHash('sha256').update(bearerToken(req.get('authorization'))!).digest('base64url'),
  });
  return [perAddress, perDevice].filter((l): l is RequestHandler => l !== null);
}

/** Alert subscriptions made or ended per client address: each is a row kept and a runner watched. */
export function alertRateLimit(config: Pick<Config, 'RATE_LIMIT_ALERTS' | 'RATE_LIMIT_WINDOW_MS'>): RequestHandler[] {
  const perAddress = limiter(config.RATE_LIMIT_ALERTS, config.RATE_LIMIT_WINDOW_MS, 'address', { identifier: 'alerts' });
  return perAddress ? [perAddress] : [];
}
