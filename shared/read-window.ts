// The times an event accepts: its day in its own zone, and `readWindowDays` days either side
// (default 1). Every read, manual split, backfill line and GPS fix is checked against it, at
// ingest and again when the log is replayed at start, so one absurd time cannot reach the engine.
import { dayAfter, wallClockToEpoch } from './wall-clock';

export const DEFAULT_READ_WINDOW_DAYS = 1;
export const MAX_READ_WINDOW_DAYS = 30;

export interface ReadWindow {
  /** First accepted instant (epoch ms). */
  from: number;
  /** First instant no longer accepted (epoch ms). */
  to: number;
}

interface WindowSetup {
  date: string;
  timeZone: string;
  readWindowDays?: number;
}


// Every read of a batch asks for its event's window: worked out once per set-up object.
const windows = new WeakMap<WindowSetup, ReadWindow>();

/** The event's window: midnight (venue time) `readWindowDays` before its day to midnight as many days after it. */
export function readWindowOf(setup: WindowSetup): ReadWindow {
  let window = windows.get(setup);
  if (!window) windows.set(setup, (window = computeWindow(setup)));
  return window;
}

function computeWindow(setup: WindowSetup): ReadWindow {
  const days = setup.readWindowDays ?? DEFAULT_READ_WINDOW_DAYS;
  const midnight = (date: string) => wallClockToEpoch(date, '00:00:00', setup.timeZone) ?? Date.parse(`${date}T00:00:00Z`);
  return { from: midnight(dayAfter(setup.date, -days)), to: midnight(dayAfter(setup.date, days + 1)) };
}

export function withinReadWindow(window: ReadWindow, time: number): boolean {
  return time >= window.from && time < window.to;
}

const minute = (ms: number) => new Date(ms).toISOString().slice(0, 16) + 'Z';

/** A time that may not be representable (NaN, beyond year 275760) as ISO text. */
function isoOf(time: number): string {
  const d = new Date(time);
  return Number.isNaN(d.getTime()) ? String(time) : d.toISOString().replace('.000Z', 'Z');
}

export function describeReadWindow(window: ReadWindow): string {
  return `${minute(window.from)} – ${minute(window.to)}`;
}

/** Why a time is refused: it and the window, in UTC. */
export function outsideWindowMessage(what: string, time: number, window: ReadWindow): string {
  return `${what} ${isoOf(time)} is outside the event's window ${describeReadWindow(window)}`;
}
