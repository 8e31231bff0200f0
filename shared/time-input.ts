// Times as the edges take them (reads, splits, guns, backfill lines, GPS fixes, queries), parsed
// strictly: a calendar date that exists (zod's date pattern knows month lengths and leap years),
// hours 00–23, and an instant between 1970 and the end of year 9999, where ISO-8601's four-digit
// years end. `Date.parse` alone takes 30 February as 2 March and year 0000 as a time before 1970.
import { z } from 'zod';
import { regexes } from 'zod/v4/core';

/** The last millisecond of year 9999: the latest instant an edge accepts. */
export const MAX_EPOCH_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** ISO-8601 with a zone; seconds and up to 9 decimals optional; the offset with or without a colon. */
const ISO_TIME = /^(\d{4}-\d{2}-\d{2})T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/;

export const ISO_TIME_HINT = 'must be ISO-8601 with a time zone and a real date, e.g. 2026-04-17T09:03:12.400Z';
export const EPOCH_MS_HINT = `epoch milliseconds must be a whole number from 0 to ${MAX_EPOCH_MS} (year 9999)`;

/** A calendar date "YYYY-MM-DD" that exists (no 30 February). */
export function isCalendarDate(date: string): boolean {
  return regexes.date.test(date);
}

export function isEpochMs(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= MAX_EPOCH_MS;
}

/** Epoch ms of a strict ISO-8601 time with a zone, else null. */
export function isoTimeMs(text: string): number | null {
  if (text.length > 40) return null;
  const m = ISO_TIME.exec(text);
  if (!m) return null;
  // Every month has days 01-28 (Date.parse refuses month 00 or 13 and day 00): only later days need the calendar.
  const day = (text.charCodeAt(8) - 48) * 10 + (text.charCodeAt(9) - 48);
  if (day > 28 && !isCalendarDate(m[1])) return null;
  const ms = Date.parse(text);
  return isEpochMs(ms) ? ms : null;
}

/** A time as an edge takes it, epoch ms or ISO-8601, to epoch ms; null when it is not a valid time. */
export function parseTimeInput(time: number | string): number | null {
  if (typeof time === 'number') return isEpochMs(time) ? time : null;
  return isoTimeMs(time);
}

export const epochMsSchema = z.number().int(EPOCH_MS_HINT).min(0, EPOCH_MS_HINT).max(MAX_EPOCH_MS, EPOCH_MS_HINT);

/** An ISO-8601 time with a zone, kept as the text (the read log's key uses it as sent). */
export const isoTimeTextSchema = z.string().max(40).refine((t) => isoTimeMs(t) !== null, ISO_TIME_HINT);

/** Epoch ms or ISO-8601 text, as sent. */
export const timeInputSchema = z.union([epochMsSchema, isoTimeTextSchema]);

/** Epoch ms or ISO-8601 text, to epoch ms. */
export const timeInputMsSchema = timeInputSchema.transform((t) => parseTimeInput(t)!);
