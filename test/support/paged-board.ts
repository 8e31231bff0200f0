// A public leaderboard read whole, page by page (the server answers at most 200 rows a page), as a
// test that compares whole boards needs it. `upTo` stops after that many rows.
import { MAX_VIEW_LIMIT } from '../../shared/race-view';

export interface PagedBoard<E> {
  status: number;
  total: number;
  counters: unknown;
  entries: E[];
}

export async function pagedBoard<E = Record<string, unknown>>(url: string, eventId: string, raceId: string, upTo = Infinity): Promise<PagedBoard<E>> {
  const entries: E[] = [];
  for (let offset = 0; ; offset += MAX_VIEW_LIMIT) {
    const res = await fetch(`${url}/api/events/${encodeURIComponent(eventId)}/races/${encodeURIComponent(raceId)}/leaderboard?offset=${offset}&limit=${MAX_VIEW_LIMIT}`);
    if (res.status !== 200) return { status: res.status, total: 0, counters: null, entries };
    const page = (await res.json()) as { total: number; counters: unknown; entries: E[] };
    entries.push(...page.entries);
    if (page.entries.length === 0 || entries.length >= Math.min(page.total, upTo)) return { status: 200, total: page.total, counters: page.counters, entries: entries.slice(0, upTo) };
  }
}
