// Backfill: raw reads from a CSV file, the way timers "rewind" a controller after an outage.
// Columns (header names, any case): chip or bib, point (or location), time, optional device and
// read_id. Time: ISO-8601 with a zone, epoch ms or seconds, "YYYY-MM-DD HH:MM:SS(.fff)" or a
// time of day "HH:MM:SS(.fff)" (both in the event's zone, the second on the event's day).
import Papa from 'papaparse';
import type { EventSetup } from '../../shared/domain';
import { isCalendarDate, isEpochMs, isoTimeMs } from '../../shared/time-input';
import type { Device } from '../storage/device-tokens';
import type { EquipmentTime, RawPassing } from './decoders/decoder';

export const MAX_BACKFILL_ROWS = 100_000;

export interface BackfillRow {
  /** Line in the file (the header is line 1). */
  line: number;
  device: Device;
  passing: RawPassing;
  /** The bib the read is for, when known now (by bib, or a chip an entrant has). */
  bib: string | null;
}

export interface BackfillParse {
  rows: BackfillRow[];
  rejected: { line: number; message: string }[];
}

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T/;
const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2}:\d{2}(\.\d{1,6})?)$/;
const TIME_OF_DAY = /^\d{1,2}:\d{2}:\d{2}(\.\d{1,6})?$/;

export function parseBackfillTime(text: string): EquipmentTime | null {
  const v = text.trim();
  if (/^\d{12,14}$/.test(v)) return isEpochMs(Number(v)) ? { epochMs: Number(v) } : null;
  if (/^\d{9,11}(\.\d{1,3})?$/.test(v)) return { epochMs: Math.round(Number(v) * 1000) };
  const local = LOCAL_DATE_TIME.exec(v);
  if (local) return isCalendarDate(local[1]) ? { date: local[1], time: local[2] } : null;
  if (ISO_WITH_ZONE.test(v)) {
    const ms = isoTimeMs(v);
    return ms === null ? null : { epochMs: ms };
  }
  if (TIME_OF_DAY.test(v)) return { date: null, time: v };
  return null;
}

const column = (row: Record<string, string>, ...names: string[]) => {
  for (const n of names) {
    const v = row[n]?.trim();
    if (v) return v;
  }
  return undefined;
};

/**
 * Rows of a backfill file. `uploader` owns rows without a device column; a device column names
 * another device of the event (by name or id), so its locations and clock offset apply.
 */
export function parseBackfill(csv: string, uploader: Device, eventDevices: readonly Device[], setup: EventSetup): BackfillParse {
  const parsed = Papa.parse<Record<string, string>>(csv, {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase().replace(/[\s-]+/g, '_'),
  });
  const rejected: BackfillParse['rejected'] = [];
  const rows: BackfillRow[] = [];
  const fields = parsed.meta.fields ?? [];
  if (!fields.some((f) => f === 'chip' || f === 'bib') || !fields.some((f) => f === 'point' || f === 'location') || !fields.includes('time')) {
    return { rows, rejected: [{ line: 1, message: 'the header must name the columns chip or bib, point (or location) and time' }] };
  }
  if (parsed.data.length > MAX_BACKFILL_ROWS) {
    return { rows, rejected: [{ line: 1, message: `a file holds at most ${MAX_BACKFILL_ROWS} reads` }] };
  }
  const bibOfChip = new Map(setup.entrants.flatMap((e) => (e.chip ? [[e.chip, e.bib] as const] : [])));
  const devices = new Map<string, Device>();
  for (const d of eventDevices) if (d.revokedAt === null) devices.set(d.name, d).set(d.id, d);
  const parseErrorRows = new Set(parsed.errors.map((e) => e.row));

  parsed.data.forEach((row, i) => {
    const line = i + 2;
    const reject = (message: string) => rejected.push({ line, message });
    if (parseErrorRows.has(i)) return reject('the line does not have the columns of the header');
    const chip = column(row, 'chip', 'transponder', 'tag');
    const bib = column(row, 'bib');
    const location = column(row, 'point', 'location', 'timing_point');
    const timeText = column(row, 'time');
    if ((chip === undefined) === (bib === undefined)) return reject('give exactly one of chip or bib');
    if (!location) return reject('point is empty');
    if (!timeText) return reject('time is empty');
    const time = parseBackfillTime(timeText);
    if (!time) return reject(`time "${timeText.slice(0, 40)}" is not an ISO-8601 time with a zone, epoch time or time of day`);
    const deviceName = column(row, 'device');
    const device = deviceName === undefined ? uploader : devices.get(deviceName);
    if (!device) return reject(`device "${deviceName!.slice(0, 40)}" is not a device of this event`);
    const readId = column(row, 'read_id', 'readid');
    const who = bib !== undefined ? { bib } : { chip: chip! };
    rows.push({ line, device, bib: bib ?? bibOfChip.get(chip!) ?? null, passing: { location, ...who, time, ...(readId ? { readId } : {}) } });
  });
  return { rows, rejected };
}
