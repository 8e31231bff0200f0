// A spectator's view of a race: a filtered window of the leaderboard. The client asks for the rows
// it shows; the server answers that window and then sends only what changes inside it.
import { z } from 'zod';
import { filterKey, filterShape, pickFilter, type FilterOptions } from './board/filters';
import type { Ranking } from './board/order';
import { latestReadTime } from './latest-read';
import type { LeaderboardEntry, RaceCounters, RunnerRow } from './views';

export const MAX_VIEW_LIMIT = 200;

export const raceViewSchema = z
  .object({
    eventId: z.string().min(1).max(64),
    raceId: z.string().min(1).max(64),
    ...filterShape,
    offset: z.number().int().min(0).max(1_000_000),
    limit: z.number().int().min(1).max(MAX_VIEW_LIMIT),
  })
  .strict();
export type RaceView = z.infer<typeof raceViewSchema>;

/** Canonical key of a view: clients with the same key share one window and one room. */
export function viewKey(view: RaceView): string {
  return JSON.stringify([view.eventId, view.raceId, filterKey(pickFilter(view)), view.offset, view.limit]);
}

/** The filter part of a view key (see viewKey). */
export function filterKeyOfView(key: string): string {
  return (JSON.parse(key) as unknown[])[2] as string;
}

/** The answer to `race:view`: the window's rows now. `seq` numbers this view's updates. */
export interface RaceWindowSnapshot {
  eventId: string;
  raceId: string;
  key: string;
  seq: number;
  counters: RaceCounters;
  /** Rows matching the filter, the whole ordering (the scroll height). */
  total: number;
  offset: number;
  limit: number;
  /** Rows offset .. offset + limit of the ordering, with their places. */
  rows: LeaderboardEntry[];
  /** Latest mat time in the race (epoch ms, 0 before any), for the race clock. */
  lastRead: number;
  options: FilterOptions;
}

export interface WindowRow extends LeaderboardEntry {
  /** Position in the filtered ordering (0 = first). */
  index: number;
}

/** A row already in the window at another index or with other places; a third of a row's bytes or less. */
export type WindowMove = [bib: string, index: number, overall: number | null, gender: number | null, ageGroup: number | null];

/** What changed in one view's window: `seq` follows the previous one by exactly 1, or the client asks again. */
export interface RaceWindowUpdate {
  eventId: string;
  raceId: string;
  key: string;
  seq: number;
  counters: RaceCounters;
  total: number;
  /** Rows that entered the window or changed, in full. */
  rows: WindowRow[];
  /** Rows that only moved inside the window or changed places: [bib, index, overall, gender, age group] (places null while unranked). */
  moved: WindowMove[];
  /** Bibs that left the window. */
  removed: string[];
  lastRead: number;
}

export const raceRefSchema = z.object({ eventId: z.string().min(1).max(64), raceId: z.string().min(1).max(64) }).strict();
export type RaceRef = z.infer<typeof raceRefSchema>;

/** The race overview: counters and the figures of its charts, a few hundred bytes whatever the field. */
export interface RaceSummary {
  eventId: string;
  raceId: string;
  seq: number;
  counters: RaceCounters;
  /** Finish times by bin (ranking time, ms). */
  histogram: { from: number; count: number }[];
  /** Runners per country, most first. */
  countries: { code: string; count: number }[];
  lastRead: number;
}

/** Finish times in bins of a round width (1, 2, 5, 10, 15 or 30 minutes) giving at most ~20 bins. */
export function finishHistogram(times: readonly number[]): { from: number; count: number }[] {
  if (times.length === 0) return [];
  let min = Infinity;
  let max = -Infinity;
  for (const t of times) {
    if (t < min) min = t;
    if (t > max) max = t;
  }
  const width = [1, 2, 5, 10, 15, 30, 60].map((m) => m * 60_000).find((w) => (max - min) / w <= 20) ?? 3_600_000;
  const start = Math.floor(min / width) * width;
  const bins: { from: number; count: number }[] = [];
  for (let from = start; from <= max; from += width) bins.push({ from, count: 0 });
  for (const t of times) bins[Math.floor((t - start) / width)].count += 1;
  return bins;
}

/** Runners per country, most first; entrants without a country are left out. */
export function perCountry(rows: Iterable<RunnerRow>): { code: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const r of rows) if (r.country) counts.set(r.country, (counts.get(r.country) ?? 0) + 1);
  return [...counts].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

/** The overview's figures from a race's (public) rows: the server's live summary and a look back share it. */
export function summarize(rows: readonly RunnerRow[], ranking: Ranking = 'net'): Pick<RaceSummary, 'histogram' | 'countries' | 'lastRead'> {
  const times: number[] = [];
  for (const r of rows) {
    const time = ranking === 'gun' ? r.gunTime : r.netTime;
    if (r.status === 'finished' && time !== null) times.push(time);
  }
  return { histogram: finishHistogram(times), countries: perCountry(rows), lastRead: latestReadTime(rows) };
}

/**
 * A window's snapshot as it travels (the answer to `race:view`): UTF-8 JSON, encoded once per view
 * and race version on the server and sent as the same bytes to every socket that asks.
 */
export type EncodedWindow = ArrayBuffer | ArrayBufferView;

export function encodeWindowSnapshot(snapshot: RaceWindowSnapshot): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(snapshot));
}

export function decodeWindowSnapshot(data: EncodedWindow): RaceWindowSnapshot {
  const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return JSON.parse(new TextDecoder().decode(bytes)) as RaceWindowSnapshot;
}
