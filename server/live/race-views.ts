// This instance's live leaderboard views. Sockets showing the same window of the same race share one
// view (and one Socket.IO room); after each race update every distinct filter is computed once, each
// distinct window is sliced from it and compared with what its room last got, and only the rows that
// entered, left or changed inside the window go out. A filter costs what it shows: the race's order
// is split by each filter field once per update, a filter takes the smallest of its
// parts (and nothing when one of its values matches no one). A window's snapshot is encoded once
// per race version and the same bytes go to every socket that opens it.
import { encodeWindowSnapshot, viewKey, type RaceView, type RaceWindowSnapshot, type RaceWindowUpdate, type WindowMove, type WindowRow } from '../../shared/race-view';
import { FILTER_FIELDS, FILTER_KEYS, filterKey, filterOptions, matchesFilter, pickFilter, type FilterKey, type LeaderboardFilter } from '../../shared/board/filters';
import type { LeaderboardEntry, Places, RaceCounters, RunnerDetail } from '../../shared/views';
import { latestReadTime } from '../../shared/latest-read';
import type { EventMirror } from './event-mirror';
import { viewRoom } from './rooms';

interface Shown {
  index: number;
  /** The mirror's row object: a new one arrives with every change of the runner. */
  source: RunnerDetail | undefined;
  places: Places | null;
}

interface LiveView {
  view: RaceView;
  key: string;
  filter: LeaderboardFilter;
  filterKey: string;
  seq: number;
  sockets: number;
  counters: RaceCounters;
  total: number;
  rows: LeaderboardEntry[];
  shown: Map<string, Shown>;
  /** The snapshot as sent, and the race version it was built at. */
  encoded: { raceSeq: number; bytes: Uint8Array } | null;
}

/** The race's order split by each filter field's value (shared/board/filters.ts), built once per race update when a filter asks. */
type FilterIndex = Record<FilterKey, Map<string, LeaderboardEntry[]>>;

function filterIndex(ordered: readonly LeaderboardEntry[]): FilterIndex {
  const index = Object.fromEntries(FILTER_KEYS.map((k) => [k, new Map()])) as FilterIndex;
  for (const entry of ordered) {
    for (const field of FILTER_KEYS) {
      const value = FILTER_FIELDS[field].of(entry);
      if (!value) continue;
      let list = index[field].get(value);
      if (!list) index[field].set(value, (list = []));
      list.push(entry);
    }
  }
  return index;
}

const raceKey = (eventId: string, raceId: string) => `${eventId}\u0000${raceId}`;

const samePlaces = (a: Places | null, b: Places | null) =>
  a === b || (a !== null && b !== null && a.overall === b.overall && a.gender === b.gender && a.ageGroup === b.ageGroup);

const sameCounters = (a: RaceCounters, b: RaceCounters) =>
  (Object.keys(a) as (keyof RaceCounters)[]).every((k) => a[k] === b[k]);

export class RaceViews {
  /** Filtered orderings computed: one per distinct filter per race update, however many sockets share it. */
  computations = 0;
  /** Rows looked at to build them: what distinct filters cost (a filter matching no one costs none). */
  rowsScanned = 0;
  /** Snapshots encoded: one per view and race version, however many sockets open it. */
  encodes = 0;
  private byRace = new Map<string, Map<string, LiveView>>();
  /** Each socket's view of each race (one per race per socket). */
  private bySocket = new Map<string, Map<string, string>>();

  /**
   * Give a socket this view, replacing its earlier view of the race. Answers the window now and the
   * rooms to leave and join, or undefined for a race the event lacks.
   */
  open(socketId: string, view: RaceView, mirror: EventMirror): { snapshot: Uint8Array; join: string; leave: string | null } | undefined {
    const counters = mirror.counters(view.raceId);
    if (!counters) return undefined;
    const key = viewKey(view);
    const race = raceKey(view.eventId, view.raceId);
    const mine = this.bySocket.get(socketId) ?? new Map<string, string>();
    this.bySocket.set(socketId, mine);
    const previous = mine.get(race);
    let leave: string | null = null;
    if (previous !== key) {
      if (previous !== undefined) leave = this.release(race, previous);
      mine.set(race, key);
    }
    const views = this.byRace.get(race) ?? new Map<string, LiveView>();
    this.byRace.set(race, views);
    let live = views.get(key);
    if (!live) {
      const filter = pickFilter(view);
      live = { view, key, filter, filterKey: filterKey(filter), seq: 0, sockets: 0, counters, total: 0, rows: [], shown: new Map(), encoded: null };
      this.slice(live, mirror);
      views.set(key, live);
    }
    if (previous !== key) live.sockets += 1;
    return { snapshot: this.encoded(live, mirror), join: viewRoom(key), leave };
  }

  /** The view's snapshot now, encoded once per race version for every socket that asks. */
  private encoded(live: LiveView, mirror: EventMirror): Uint8Array {
    const { view } = live;
    const raceSeq = mirror.seq(view.raceId) ?? -1;
    if (live.encoded?.raceSeq === raceSeq) return live.encoded.bytes;
    const snapshot: RaceWindowSnapshot = {
      eventId: view.eventId,
      raceId: view.raceId,
      key: live.key,
      seq: live.seq,
      counters: live.counters,
      total: live.total,
      offset: view.offset,
      limit: view.limit,
      rows: live.rows,
      lastRead: this.lastRead(mirror, view.raceId),
      options: mirror.memo(view.raceId, 'options', () => filterOptions(mirror.publicRows(view.raceId)))!,
    };
    this.encodes += 1;
    live.encoded = { raceSeq, bytes: encodeWindowSnapshot(snapshot) };
    return live.encoded.bytes;
  }

  /** The socket stops showing the race; answers the room to leave. */
  close(socketId: string, eventId: string, raceId: string): string | null {
    const race = raceKey(eventId, raceId);
    const key = this.bySocket.get(socketId)?.get(race);
    if (key === undefined) return null;
    this.bySocket.get(socketId)!.delete(race);
    return this.release(race, key);
  }

  /** A socket went away: every view it held. */
  drop(socketId: string): void {
    const mine = this.bySocket.get(socketId);
    if (!mine) return;
    for (const [race, key] of mine) this.release(race, key);
    this.bySocket.delete(socketId);
  }

  /** Whether no view of the race uses this view's filter yet: opening it adds a computation per update. */
  newFilter(view: RaceView): boolean {
    const key = filterKey(pickFilter(view));
    if (key === filterKey({})) return false;
    for (const live of this.byRace.get(raceKey(view.eventId, view.raceId))?.values() ?? []) if (live.filterKey === key) return false;
    return true;
  }

  /** Views of this race on this instance (a test and the benchmarks watch it). */
  count(eventId: string, raceId: string): number {
    return this.byRace.get(raceKey(eventId, raceId))?.size ?? 0;
  }

  /** After the race changed: what each view's room must receive (views without a change get nothing). */
  changes(mirror: EventMirror, raceId: string): { room: string; update: RaceWindowUpdate }[] {
    const views = this.byRace.get(raceKey(mirror.info.id, raceId));
    if (!views || views.size === 0) return [];
    const out: { room: string; update: RaceWindowUpdate }[] = [];
    for (const live of views.values()) {
      const update = this.slice(live, mirror);
      if (update) out.push({ room: viewRoom(live.key), update });
    }
    return out;
  }

  private release(race: string, key: string): string {
    const views = this.byRace.get(race);
    const live = views?.get(key);
    if (live && --live.sockets <= 0) {
      views!.delete(key);
      if (views!.size === 0) this.byRace.delete(race);
    }
    return viewRoom(key);
  }

  /**
   * The rows matching a filter, in order: computed once per race update for all views using it,
   * from the smallest part of the race's order the filter names.
   */
  private matching(mirror: EventMirror, raceId: string, filter: LeaderboardFilter, key: string): LeaderboardEntry[] {
    const ordered = mirror.ordered(raceId) ?? [];
    const fields = FILTER_KEYS.filter((f) => filter[f]);
    if (fields.length === 0) return ordered;
    return (
      mirror.memo(raceId, `filter:${key}`, () => {
        const index = mirror.memo(raceId, 'filter-index', () => {
          this.rowsScanned += ordered.length;
          return filterIndex(ordered);
        })!;
        let smallest: LeaderboardEntry[] | undefined;
        for (const field of fields) {
          const part = index[field].get(filter[field]!);
          // A value no runner has: the view is empty, whatever else it asks.
          if (!part) return [];
          if (!smallest || part.length < smallest.length) smallest = part;
        }
        this.computations += 1;
        if (fields.length === 1) return smallest!;
        this.rowsScanned += smallest!.length;
        return smallest!.filter((r) => matchesFilter(r, filter));
      }) ?? []
    );
  }

  private lastRead(mirror: EventMirror, raceId: string): number {
    return mirror.memo(raceId, 'lastRead', () => latestReadTime(mirror.publicRows(raceId))) ?? 0;
  }

  /** Take the view's window from the race now; the change since the previous window, if any. */
  private slice(live: LiveView, mirror: EventMirror): RaceWindowUpdate | null {
    const { raceId, offset, limit } = live.view;
    const counters = mirror.counters(raceId);
    if (!counters) return null;
    const all = this.matching(mirror, raceId, live.filter, live.filterKey);
    const rows = all.slice(offset, offset + limit);
    const shown = new Map<string, Shown>();
    const changed: WindowRow[] = [];
    const moved: WindowMove[] = [];
    rows.forEach((entry, i) => {
      const index = offset + i;
      const source = mirror.runner(entry.bib);
      const before = live.shown.get(entry.bib);
      shown.set(entry.bib, { index, source, places: entry.places });
      // A runner finishing ahead shifts everyone behind: those rows travel as a move, not in full.
      if (!before || before.source !== source) changed.push({ ...entry, index });
      else if (before.index !== index || !samePlaces(before.places, entry.places)) {
        const p = entry.places;
        moved.push([entry.bib, index, p?.overall ?? null, p?.gender ?? null, p?.ageGroup ?? null]);
      }
    });
    const removed: string[] = [];
    for (const bib of live.shown.keys()) if (!shown.has(bib)) removed.push(bib);
    const countersChanged = !sameCounters(live.counters, counters);
    const totalChanged = live.total !== all.length;
    live.shown = shown;
    live.rows = rows;
    live.counters = counters;
    live.total = all.length;
    if (changed.length === 0 && moved.length === 0 && removed.length === 0 && !countersChanged && !totalChanged) return null;
    live.seq += 1;
    const { eventId } = live.view;
    return { eventId, raceId, key: live.key, seq: live.seq, counters, total: all.length, rows: changed, moved, removed, lastRead: this.lastRead(mirror, raceId) };
  }
}
