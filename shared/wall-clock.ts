// Equipment and timers speak in the venue's wall-clock time; the log stores epoch ms. Pure: Intl only.
import { isCalendarDate } from './time-input';

const TIME = /^(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// Building a formatter costs far more than using one: one per zone, kept.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset of a time zone from UTC at an instant, in ms (Tehran: +3.5 h). */
function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(epochMs);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** Epoch ms of a wall-clock date and time of day in a zone; null when either is not valid. */
export function wallClockToEpoch(date: string, time: string, timeZone: string): number | null {
  const d = DATE.exec(date);
  const t = TIME.exec(time);
  if (!d || !t || !isCalendarDate(date)) return null;
  const [h, m, s] = [Number(t[1]), Number(t[2]), Number(t[3])];
  if (h > 23 || m > 59 || s > 59) return null;
  const ms = t[4] ? Math.round(Number(`0.${t[4]}`) * 1000) : 0;
  const naive = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), h, m, s, ms);
  if (!Number.isFinite(naive)) return null;
  return naive - offsetForWallHour(naive, timeZone);
}

// Zones change offset on the hour, so one offset serves every read of a wall-clock hour: a stream
// of reads costs one lookup per hour instead of two formatter calls per read.
const hourOffsets = new Map<string, number>();

function offsetForWallHour(naive: number, timeZone: string): number {
  const hourStart = Math.floor(naive / 3_600_000) * 3_600_000;
  const key = `${timeZone}|${hourStart}`;
  let offset = hourOffsets.get(key);
  if (offset === undefined) {
    // Two passes settle the offset around a daylight-saving change.
    const first = hourStart - zoneOffsetMs(hourStart, timeZone);
    offset = zoneOffsetMs(first, timeZone);
    if (hourOffsets.size > 10_000) hourOffsets.clear();
    hourOffsets.set(key, offset);
  }
  return offset;
}

/** The day `days` after `date` (YYYY-MM-DD), as YYYY-MM-DD. */
export function dayAfter(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
