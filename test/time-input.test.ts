// The one time parser of every edge, and the event's read window.
import { describe, expect, it } from 'vitest';
import { eventSetupSchema } from '../shared/domain';
import { parseMoment } from '../shared/moment';
import { describeReadWindow, readWindowOf, withinReadWindow } from '../shared/read-window';
import { MAX_EPOCH_MS, parseTimeInput, timeInputMsSchema } from '../shared/time-input';
import { wallClockToEpoch } from '../shared/wall-clock';
import { parseBackfillTime } from '../server/timing/backfill-csv';
import { osmandFixSchema } from '../server/timing/gps/osmand';
import { smallEvent } from './fixtures';

describe('strict times', () => {
  it.each([
    ['2026-02-30T10:00Z'],
    ['2026-02-29T10:00:00Z'],
    ['2026-04-31T10:00:00Z'],
    ['0000-01-01T00:00:00Z'],
    ['1969-12-31T23:59:59Z'],
    ['2026-04-17T24:00:00Z'],
    ['2026-04-17T10:60:00Z'],
    ['2026-04-17T10:00:00+24:00'],
    ['2026-04-17T10:00:00'],
    ['+275760-09-13T00:00:00Z'],
    [8.64e15],
    [MAX_EPOCH_MS + 1],
    [-1],
    [1.5],
  ])('refuses %s', (time) => {
    expect(parseTimeInput(time)).toBeNull();
    expect(timeInputMsSchema.safeParse(time).success).toBe(false);
  });

  it.each([
    ['2024-02-29T10:00:00Z', Date.UTC(2024, 1, 29, 10)],
    ['2000-02-29T00:00Z', Date.UTC(2000, 1, 29)],
    ['2026-04-17T09:03:12.400+03:30', Date.UTC(2026, 3, 17, 5, 33, 12, 400)],
    ['2026-04-17T09:03:12+0330', Date.UTC(2026, 3, 17, 5, 33, 12)],
    ['9999-12-31T23:59:59.999Z', MAX_EPOCH_MS],
    [0, 0],
  ])('takes %s', (time, ms) => {
    expect(parseTimeInput(time)).toBe(ms);
    expect(timeInputMsSchema.parse(time)).toBe(ms);
  });

  it('holds for every edge that parses a time of its own', () => {
    expect(parseMoment('2026-02-30T10:00:00Z').ok).toBe(false);
    expect(parseMoment('8640000000000000').ok).toBe(false);
    expect(parseBackfillTime('2026-02-30T10:00:00Z')).toBeNull();
    expect(parseBackfillTime('2026-02-30 10:00:00')).toBeNull();
    expect(wallClockToEpoch('2026-02-30', '10:00:00', 'UTC')).toBeNull();
    expect(osmandFixSchema.safeParse({ id: 't', lat: '35.7', lon: '51.4', timestamp: '8640000000000000' }).success).toBe(false);
    expect(osmandFixSchema.safeParse({ id: 't', lat: '35.7', lon: '51.4', timestamp: '0000-01-01 00:00:00' }).success).toBe(false);
    expect(eventSetupSchema.safeParse({ ...smallEvent(), date: '2026-02-30' }).success).toBe(false);
  });
});

describe('the read window', () => {
  it('runs from midnight a day before the event to midnight a day after it, in the venue\'s zone', () => {
    const tehran = readWindowOf({ date: '2026-04-17', timeZone: 'Asia/Tehran' });
    expect(describeReadWindow(tehran)).toBe('2026-04-15T20:30Z – 2026-04-18T20:30Z');
    expect(withinReadWindow(tehran, Date.UTC(2026, 3, 15, 20, 30))).toBe(true);
    expect(withinReadWindow(tehran, Date.UTC(2026, 3, 15, 20, 29, 59, 999))).toBe(false);
    expect(withinReadWindow(tehran, Date.UTC(2026, 3, 18, 20, 30))).toBe(false);
  });

  it('is as wide as the event sets, across a month\'s end', () => {
    expect(describeReadWindow(readWindowOf({ date: '2026-04-30', timeZone: 'UTC', readWindowDays: 0 }))).toBe('2026-04-30T00:00Z – 2026-05-01T00:00Z');
    expect(describeReadWindow(readWindowOf({ date: '2026-04-30', timeZone: 'UTC', readWindowDays: 3 }))).toBe('2026-04-27T00:00Z – 2026-05-04T00:00Z');
    expect(eventSetupSchema.safeParse({ ...smallEvent(), readWindowDays: 31 }).success).toBe(false);
    expect(eventSetupSchema.safeParse({ ...smallEvent(), readWindowDays: 1.5 }).success).toBe(false);
  });
});
