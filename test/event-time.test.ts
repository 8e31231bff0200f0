// The event's clock: times an organizer types are read in the event's zone, times shown are the
// event's whatever zone the machine runs in, and the zone is labelled with its offset.
import { describe, expect, it } from 'vitest';
import { dateTimeInputValue, formatDate, formatDateTime, parseEventTime, sameClock, zoneLabel } from '../shared/event-time';
import { formatTimeOfDay, formatTimeRange } from '../shared/format';

const TEHRAN = 'Asia/Tehran'; // UTC+03:30, no daylight saving since 2022
const BOSTON = 'America/New_York';
const GUN = Date.UTC(2026, 3, 17, 3, 30, 0); // 07:00 in Tehran

describe('times an organizer types', () => {
  it('reads a time of day alone on the event date, in the event zone', () => {
    expect(parseEventTime('07:00:00', TEHRAN, '2026-04-17')).toBe(GUN);
    expect(parseEventTime('7:00', TEHRAN, '2026-04-17')).toBe(GUN);
    expect(parseEventTime(' 07:00:00.250 ', TEHRAN, '2026-04-17')).toBe(GUN + 250);
  });

  it('reads a date and time in the event zone, with a space or a T (a datetime-local value)', () => {
    expect(parseEventTime('2026-04-17 07:00:00', TEHRAN, '1970-01-01')).toBe(GUN);
    expect(parseEventTime('2026-04-17T07:00', TEHRAN, '1970-01-01')).toBe(GUN);
    // The same wall-clock time in Boston is another instant.
    expect(parseEventTime('2026-04-17T07:00', BOSTON, '1970-01-01')).toBe(Date.UTC(2026, 3, 17, 11, 0, 0));
  });

  it('takes a time with its own zone as it says, whatever the event zone', () => {
    expect(parseEventTime('2026-04-17T07:00:00+03:30', BOSTON, '2026-04-17')).toBe(GUN);
    expect(parseEventTime('2026-04-17T03:30:00Z', TEHRAN, '2026-04-17')).toBe(GUN);
  });

  it('refuses what is not a time', () => {
    for (const text of ['', 'soon', '25:00', '07:61', '2026-02-30 07:00', '2026-04-17T07:00:00+25:00', '7']) {
      expect(parseEventTime(text, TEHRAN, '2026-04-17'), text).toBeNull();
    }
  });

  it('crosses a daylight-saving change in the event zone, not the machine one', () => {
    // New York moved to UTC-4 at 02:00 on 8 March 2026.
    expect(parseEventTime('2026-03-08 01:30', BOSTON, '2026-03-08')).toBe(Date.UTC(2026, 2, 8, 6, 30));
    expect(parseEventTime('2026-03-08 03:30', BOSTON, '2026-03-08')).toBe(Date.UTC(2026, 2, 8, 7, 30));
  });
});

describe('times shown', () => {
  it('shows date and time in the event zone, one date format', () => {
    expect(formatDate(GUN, TEHRAN)).toBe('2026-04-17');
    expect(formatDateTime(GUN, TEHRAN)).toBe('2026-04-17 07:00:00');
    // Just before midnight UTC is already the next day in Tehran.
    expect(formatDate(Date.UTC(2026, 3, 17, 22, 0), TEHRAN)).toBe('2026-04-18');
    expect(formatDateTime(null, TEHRAN)).toBe('–');
    expect(formatTimeOfDay(GUN, BOSTON)).toBe('23:30:00');
    expect(formatTimeRange([GUN, GUN + 5 * 60_000], TEHRAN)).toBe('07:00–07:05');
  });

  it('round-trips a datetime-local value through the event zone', () => {
    const value = dateTimeInputValue(GUN + 12_000, TEHRAN);
    expect(value).toBe('2026-04-17T07:00:12');
    expect(parseEventTime(value, TEHRAN, '2026-04-17')).toBe(GUN + 12_000);
  });

  it('labels the zone with its offset, and knows when two zones read alike', () => {
    expect(zoneLabel(TEHRAN, GUN)).toBe('Asia/Tehran, UTC+03:30');
    expect(zoneLabel(BOSTON, GUN)).toBe('America/New_York, UTC-04:00');
    expect(zoneLabel('UTC', GUN)).toBe('UTC');
    expect(sameClock('Europe/London', 'UTC', Date.UTC(2026, 0, 10))).toBe(true);
    expect(sameClock('Europe/London', 'UTC', Date.UTC(2026, 6, 10))).toBe(false);
    expect(sameClock(TEHRAN, BOSTON, GUN)).toBe(false);
  });
});
