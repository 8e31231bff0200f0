// Timing devices authenticate with `Authorization: Bearer <token>`; a token writes to its own event only.
import type { RequestHandler } from 'express';
import type { Device, DeviceTokens } from '../storage/device-tokens';
import { HttpError } from './errors';

export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}

/** A device's contact is written at most this often: each write is a durable SQLite commit. */
const CONTACT_EVERY_MS = 5_000;

/** Every authenticated request is contact: monitoring tells a device that talks from one that is gone. */
export function requireDevice(devices: DeviceTokens, now: () => number = Date.now): RequestHandler {
  const touched = new Map<string, number>();
  return (req, res, next) => {
    const token = bearerToken(req.get('authorization'));
    if (!token) throw new HttpError(401, 'missing device token: send "Authorization: Bearer <token>"', { 'WWW-Authenticate': 'Bearer' });
    const device = devices.verify(token);
    if (!device) throw new HttpError(401, 'unknown or revoked device token', { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
    if (device.eventId !== req.params.eventId) throw new HttpError(403, 'this device token is not for this event');
    res.locals.device = device;
    const at = now();
    if (at - (touched.get(device.id) ?? -Infinity) >= CONTACT_EVERY_MS) {
      touched.set(device.id, at);
      try {
        devices.touch(device.id, at);
      } catch (err) {
        // Contact is a hint, the reads are what count: while the database is busy (the read writer
        // holding it past the busy timeout on a loaded machine) it is written with a later request.
        if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
        touched.delete(device.id);
      }
    }
    next();
  };
}

export function deviceOf(locals: Record<string, unknown>): Device {
  return locals.device as Device;
}
