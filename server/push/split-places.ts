// A runner's place at a mat, for passing alerts, without reading the whole field each time: per
// race, the times at each mat (point and lap) kept sorted, and each runner's times last seen, so a
// change moves only that runner's entries. Built from the mirror when first asked, then kept up
// to date from the deltas. A place counts every runner of the race ahead at that mat, as
// placesAtSplits does (shared/board/split-places.ts): at a major's finish hour a read each few milliseconds
// would otherwise scan 56,000 runners' splits. The finish places (overall, gender, age group) are
// kept the same way, from each finisher's whole second, so a finish alert never sorts the race.
import { splitKey } from '../../shared/board/split-places';
import type { Ranking } from '../../shared/board/order';
import type { Places, RunnerDetail, Split } from '../../shared/views';

export interface SplitPlacesDeps {
  ranking(eventId: string, raceId: string): Ranking | undefined;
  field(eventId: string, raceId: string): Iterable<RunnerDetail>;
}

const key = (eventId: string, raceId: string) => `${eventId}\n${raceId}`;

export class SplitPlaces {
  private races = new Map<string, RaceIndex>();

  constructor(private deps: SplitPlacesDeps) {}

  /** Place at the mat of `split` among the race's runners (1 = first there); null without a time. */
  place(eventId: string, runner: RunnerDetail, split: Split): number | null {
    return this.index(eventId, runner.raceId).place(split);
  }

  /**
   * A finisher's places as the leaderboard gives them (assignPlaces: finishers counted ahead of
   * everyone on course, the same whole second shares a place); null for a runner not finished.
   */
  finishPlaces(eventId: string, runner: RunnerDetail): Places | null {
    return this.index(eventId, runner.raceId).finishPlaces(runner);
  }

  private index(eventId: string, raceId: string): RaceIndex {
    const k = key(eventId, raceId);
    let index = this.races.get(k);
    if (!index) {
      this.races.set(k, (index = new RaceIndex(this.deps.ranking(eventId, raceId) ?? 'net')));
      for (const r of this.deps.field(eventId, raceId)) index.set(r);
    }
    return index;
  }

  /** A race's delta: its changed runners, and those who left it. */
  changed(eventId: string, raceId: string, runners: readonly RunnerDetail[], removed: readonly string[]): void {
    const index = this.races.get(key(eventId, raceId));
    if (!index) return;
    for (const bib of removed) index.remove(bib);
    for (const r of runners) index.set(r);
  }

  /** Nobody follows anyone in the event: its indexes are let go (built again when needed). */
  forget(eventId: string): void {
    for (const k of this.races.keys()) if (k.startsWith(`${eventId}\n`)) this.races.delete(k);
  }
}

class RaceIndex {
  private keys = new Map<string, number>();
  /** Per mat (point and lap), the times there, ascending. */
  private sorted: number[][] = [];
  /** Per runner, their time at each mat by the mat's number (undefined: none). */
  private byBib = new Map<string, (number | undefined)[]>();
  /** Finishers' whole seconds: all of them, and per gender and per gender and age group, ascending. */
  private finishSeconds = new Map<string, number[]>();
  /** Per finisher, their second and the groups it is counted in. */
  private finishers = new Map<string, { second: number; groups: string[] }>();

  constructor(private ranking: Ranking) {}

  finishPlaces(runner: RunnerDetail): Places | null {
    const mine = this.finishers.get(runner.bib);
    if (!mine) return null;
    const place = (group: string) => lowerBound(this.finishSeconds.get(group) ?? [], mine.second) + 1;
    return { overall: place('*'), gender: place(mine.groups[1]), ageGroup: mine.groups[2] === undefined ? null : place(mine.groups[2]) };
  }

  place(split: Split): number | null {
    const t = this.time(split);
    const k = this.keys.get(splitKey(split));
    if (t === null) return null;
    return (k === undefined ? 0 : lowerBound(this.sorted[k], t)) + 1;
  }

  set(runner: RunnerDetail): void {
    const before = this.byBib.get(runner.bib) ?? [];
    const now: (number | undefined)[] = [];
    for (const s of runner.splits) {
      const t = this.time(s);
      if (t !== null) now[this.keyOf(splitKey(s))] = t;
    }
    for (let k = 0; k < Math.max(before.length, now.length); k++) {
      if (before[k] === now[k]) continue;
      if (before[k] !== undefined) remove(this.sorted[k], before[k]!);
      if (now[k] !== undefined) insert(this.sorted[k], now[k]!);
    }
    this.byBib.set(runner.bib, now);
    this.setFinish(runner);
  }

  private setFinish(runner: RunnerDetail): void {
    const time = this.ranking === 'gun' ? runner.gunTime : runner.netTime;
    const before = this.finishers.get(runner.bib);
    const second = runner.status === 'finished' && time !== null ? Math.floor(time / 1000) : null;
    // Most runners in a delta are on course, and were: nothing to do.
    if (second === null && !before) return;
    const groups = ['*', `g:${runner.gender}`, ...(runner.ageGroup === null ? [] : [`a:${runner.gender}:${runner.ageGroup}`])];
    if (before && second === before.second && groups.join('\n') === before.groups.join('\n')) return;
    this.removeFinish(runner.bib);
    if (second === null) return;
    for (const g of groups) {
      let values = this.finishSeconds.get(g);
      if (!values) this.finishSeconds.set(g, (values = []));
      insert(values, second);
    }
    this.finishers.set(runner.bib, { second, groups });
  }

  private removeFinish(bib: string): void {
    const before = this.finishers.get(bib);
    if (!before) return;
    for (const g of before.groups) remove(this.finishSeconds.get(g)!, before.second);
    this.finishers.delete(bib);
  }

  remove(bib: string): void {
    const before = this.byBib.get(bib);
    before?.forEach((t, k) => t !== undefined && remove(this.sorted[k], t));
    this.byBib.delete(bib);
    this.removeFinish(bib);
  }

  private time(s: Split): number | null {
    return this.ranking === 'gun' ? s.gun : s.net;
  }

  private keyOf(splitKeyText: string): number {
    let k = this.keys.get(splitKeyText);
    if (k === undefined) {
      k = this.sorted.length;
      this.keys.set(splitKeyText, k);
      this.sorted.push([]);
    }
    return k;
  }
}

/** How many values are below `t`. */
function lowerBound(values: readonly number[], t: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insert(values: number[], t: number): void {
  values.splice(lowerBound(values, t), 0, t);
}

function remove(values: number[], t: number): void {
  const i = lowerBound(values, t);
  if (values[i] === t) values.splice(i, 1);
}
