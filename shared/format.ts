// Time and pace as runners read them.

/** 3:07:05 or 7:05 (no hours) from milliseconds; whole seconds, rounded down as timers do. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  const sign = ms < 0 ? '-' : '';
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(h > 0 ? 2 : 1, '0');
  return `${sign}${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/** A range of durations to the minute, widened outwards: 2:58–3:07 (or 48–53 without hours). */
export function formatDurationRange(range: readonly [number, number] | null | undefined): string {
  if (!range) return '';
  const minutes = (ms: number, round: (x: number) => number) => {
    const total = round(ms / 60_000);
    const h = Math.floor(total / 60);
    return h > 0 ? `${h}:${String(total % 60).padStart(2, '0')}` : String(total);
  };
  return `${minutes(range[0], Math.floor)}–${minutes(range[1], Math.ceil)}`;
}

/** A range of times of day to the minute in the venue's zone: 14:02–14:09. */
export function formatTimeRange(range: readonly [number, number] | null | undefined, timeZone: string): string {
  if (!range) return '';
  const at = (ms: number) => new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(ms);
  return `${at(Math.floor(range[0] / 60_000) * 60_000)}–${at(Math.ceil(range[1] / 60_000) * 60_000)}`;
}

/** Pace in min:ss per km from seconds per km. */
export function formatPace(secondsPerKm: number | null | undefined): string {
  if (secondsPerKm === null || secondsPerKm === undefined || !Number.isFinite(secondsPerKm)) return '–';
  const s = Math.round(secondsPerKm);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}/km`;
}

export function formatDistance(metres: number): string {
  return metres >= 1000 ? `${(metres / 1000).toFixed(metres % 1000 === 0 ? 0 : 1)} km` : `${Math.round(metres)} m`;
}

/** One formatter per zone, kept: making one costs far more than formatting (every alert formats a time). */
const timeOfDayFormats = new Map<string, Intl.DateTimeFormat>();

/** Time of day in the venue's zone; the zone is always given, so no page falls back to another. */
export function formatTimeOfDay(epochMs: number | null | undefined, timeZone: string): string {
  if (epochMs === null || epochMs === undefined) return '–';
  let format = timeOfDayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
    timeOfDayFormats.set(timeZone, format);
  }
  return format.format(epochMs);
}

/** Parse H:MM:SS(.fff) or MM:SS into milliseconds; null when it is not a time. */
export function parseDuration(text: string): number | null {
  const m = /^\s*(?:(\d+):)?(\d{1,2}):(\d{2})(?:\.(\d{1,3}))?\s*$/.exec(text);
  if (!m) return null;
  const [, h, mm, ss, frac] = m;
  if (Number(mm) > 59 && h !== undefined) return null;
  if (Number(ss) > 59) return null;
  const fraction = frac ? Number(frac.padEnd(3, '0')) : 0;
  return ((Number(h ?? 0) * 60 + Number(mm)) * 60 + Number(ss)) * 1000 + fraction;
}
