// The OsmAnd HTTP protocol as Traccar accepts it (its port 5055): one fix per request, in query
// parameters (or a form body): id, lat, lon, timestamp, speed (knots), bearing, altitude, accuracy,
// batt. `location=<lat>,<lon>` may replace lat and lon.
import { z } from 'zod';
import { isEpochMs, isoTimeMs } from '../../../shared/time-input';

const KNOT_M_PER_S = 1852 / 3600;

const timestampSchema = z.string().transform((value, ctx) => {
  const v = value.trim();
  // Epoch seconds (OsmAnd), epoch ms, or a date (Traccar also accepts "yyyy-MM-dd HH:mm:ss" as UTC).
  let ms: number | null;
  if (/^\d+(\.\d+)?$/.test(v)) ms = Number(v) > 1e11 ? Math.round(Number(v)) : Math.round(Number(v) * 1000);
  else ms = isoTimeMs(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(v) ? `${v.replace(' ', 'T')}Z` : v);
  if (ms !== null && isEpochMs(ms)) return ms;
  ctx.addIssue({ code: 'custom', message: 'must be epoch seconds, epoch ms or an ISO-8601 date with a zone (a real date, before year 10000)' });
  return z.NEVER;
});

/** Who sends a fix: the tracker id and its key, checked before anything else is looked at. */
export const osmandCredentialsSchema = z
  .object({ id: z.string().min(1).max(64).optional(), deviceid: z.string().min(1).max(64).optional(), key: z.string().min(1).max(128).optional() })
  .loose()
  .transform((c) => ({ trackerId: c.id ?? c.deviceid ?? '', key: c.key ?? '' }));

export const osmandFixSchema = z
  .object({
    id: z.string().min(1).max(64).optional(),
    deviceid: z.string().min(1).max(64).optional(),
    lat: z.coerce.number().min(-90).max(90).optional(),
    lon: z.coerce.number().min(-180).max(180).optional(),
    location: z
      .string()
      .regex(/^-?\d+(\.\d+)?,-?\d+(\.\d+)?$/, 'must be "<lat>,<lon>"')
      .optional(),
    timestamp: timestampSchema.optional(),
    speed: z.coerce.number().min(0).max(1000).optional(),
  })
  .loose()
  .transform((f, ctx) => {
    const id = f.id ?? f.deviceid;
    const [lat, lon] = f.location ? f.location.split(',').map(Number) : [f.lat, f.lon];
    if (!id) ctx.addIssue({ code: 'custom', path: ['id'], message: 'is required' });
    if (lat === undefined || lon === undefined || Math.abs(lat) > 90 || Math.abs(lon) > 180)
      ctx.addIssue({ code: 'custom', path: ['lat'], message: 'lat and lon (or location) are required' });
    if (!id || lat === undefined || lon === undefined) return z.NEVER;
    return { trackerId: id, lat, lon, time: f.timestamp ?? null, speed: f.speed === undefined ? null : f.speed * KNOT_M_PER_S };
  });

export type OsmandFix = z.output<typeof osmandFixSchema>;
