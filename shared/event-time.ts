// The event's clock: every time of day a page or an export shows is in the event's zone, and every
// time an organizer types is read in it, so a console opened in another country says the same as
// the venue. Pure: Intl only.
import { formatTimeOfDay } from './format';
import { isoTimeMs } from './time-input';
import { wallClockToEpoch } from './wall-clock';

const DATE_TIME = /^\s*(\d{4}-\d{2}-\d{2})[T ](\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)\s*$/;
const TIME_OF_DAY = /^\s*(\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)\s*$/;

const withSeconds = (time: string) => (/^\d{1,2}:\d{2}$/.test(time) ? `${time}:00` : time);

/**
 * A time an organizer typed, to epoch ms: ISO-8601 with a zone as it says; a date and time
 * ("2026-04-17 09:41:12", "2026-04-17T09:41") in the event's zone; a time of day alone ("09:41:12",
 * "9:41") on the event's date in its zone. Null when it is none of these or not a real time.
 */
export function parseEventTime(text: string, timeZone: string, eventDate: string): number | null {
  const zoned = isoTimeMs(text.trim());
  if (zoned !== null) return zoned;
  const dateTime = DATE_TIME.exec(text);
  if (dateTime) return wallClockToEpoch(dateTime[1], withSeconds(dateTime[2]), timeZone);
  const time = TIME_OF_DAY.exec(text);
  if (time) return wallClockToEpoch(eventDate, withSeconds(time[1]), timeZone);
  return null;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The date in the event's zone, one way everywhere: 2026-12-07. */
export function formatDate(epochMs: number, timeZone: string): string {
  let f = dateFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, f);
  }
  return f.format(epochMs);
}

/** Date and time of day in the event's zone: 2026-12-07 09:41:12. */
export function formatDateTime(epochMs: number | null | undefined, timeZone: string): string {
  if (epochMs === null || epochMs === undefined) return '–';
  return `${formatDate(epochMs, timeZone)} ${formatTimeOfDay(epochMs, timeZone)}`;
}

/** The value of a datetime-local input showing an instant in the event's zone: 2026-12-07T09:41:12. */
export function dateTimeInputValue(epochMs: number, timeZone: string): string {
  return `${formatDate(epochMs, timeZone)}T${formatTimeOfDay(epochMs, timeZone)}`;
}

/** The zone as a reader checks it: "Asia/Tehran, UTC+03:30" (its offset at `at`). */
export function zoneLabel(timeZone: string, at: number): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName');
  const offset = part?.value === 'GMT' ? 'UTC' : (part?.value.replace('GMT', 'UTC') ?? '');
  return offset && timeZone !== 'UTC' ? `${timeZone}, ${offset}` : 'UTC';
}

/** Whether two zones show the same date and time at `at` (a browser in the event's zone needs no note). */
export function sameClock(zoneA: string, zoneB: string, at: number): boolean {
  return formatDateTime(at, zoneA) === formatDateTime(at, zoneB);
}
