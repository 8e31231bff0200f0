// The race as it was at any moment, kept as it grows. The engine scores each runner from their
// reads; the timeline keeps, per runner, the reads as the engine scored them (backup rule, clock
// offsets, set-aside reads left out) and one "stage" per moment the runner's result changed (a
// read, a set-up change such as a DQ or a move), in typed columns holding what the order, the
// counters and the projection need. A read in time order adds a stage; a late read, a clock offset
// or a set-up change patches the runner's stages from that moment on. A question at T finds each
// runner's stage at T (binary search), ranks the race with the live rules (shared/board/)
// and derives in full only the rows it answers with. Pure: no I/O, no clock.
import type { Entrant, EventSetup, Race } from '../domain';
import type { LeaderboardEntry, RaceCounters, RunnerDetail, RunnerRow } from '../views';
import { entrantAgeGroup } from '../age-groups';
import { assignPlaces, compareRows } from '../board/order';
import { filterOptions, matchesFilter, type FilterOptions, type LeaderboardFilter } from '../board/filters';
import { countRows } from '../board/counters';
import { finishHistogram, perCountry, type RaceSummary } from '../race-view';
import { deriveWithPath } from './derive-runner';
import { FieldModel } from './field-model';
import { RangeModel, rangeTargetsOf } from './range-model';
import { byTimeThenPoint } from './scored-times';
import { fromInt, Stages, type StageColumns } from './timeline-stages';

/** A scored read of an entrant, its time corrected by its device's clock offset. */
export interface TimedRead {
  bib: string;
  point: string;
  time: number;
  seq: number;
}

export interface ScoredRead {
  point: string;
  time: number;
}

/** The race order is kept per this much event time, as where the next sort starts. */
export const CHECKPOINT_MS = 5 * 60_000;

/** A runner's entry from a moment on: what race control changed takes effect from its moment. */
interface Entry {
  from: number;
  entrant: Entrant;
  /** Removed from the event from this moment. */
  removed: boolean;
  ageGroup: string | null;
}

/** What a timeline holds beyond the set-up, in typed arrays, so it can move between threads. */
export interface TimelineData {
  from: number | null;
  to: number | null;
  pointIds: string[];
  readStart: Int32Array;
  readTime: Float64Array;
  readPoint: Uint16Array;
  stageStart: Int32Array;
  cols: StageColumns;
}

type StageRow = RunnerRow & { r: number; k: number };

interface Ranked {
  race: Race;
  ranking: 'net' | 'gun';
  version: number;
  sorted: StageRow[];
  /** Places of the first rows of `sorted`, as far down as a page has asked. */
  placed: (StageRow & { places: LeaderboardEntry['places'] })[];
  counters: RaceCounters;
  extras: Map<boolean, { options: FilterOptions; figures: Pick<RaceSummary, 'histogram' | 'countries'> }> | null;
}

const splitKey = (s: { point: string; lap?: number }) => `${s.point}#${s.lap ?? 0}`;

export class Timeline {
  setup: EventSetup;
  /** Earliest gun and latest read or set-up change: the span a time control moves over. */
  from: number | null = null;
  to: number | null = null;
  /** Bumped on every change; `changedSince` tells from which moment the past moved. */
  version = 0;
  private races = new Map<string, Race>();
  private bibs: string[] = [];
  private runnerIndex = new Map<string, number>();
  private entries: Entry[][] = [];
  /** Per runner, the scored reads in time order (then by point). */
  private readTimes: number[][] = [];
  private readPoints: string[][] = [];
  /** Per runner, the stages in time order; the first (time -Infinity) is "no reads yet". */
  private runnerStages: number[][] = [];
  private stages = new Stages();
  /** Per race, every runner ever entered in it (moves leave them listed; the entry at T decides). */
  private members = new Map<string, Set<number>>();
  /** Per race and CHECKPOINT_MS bucket, the last order found: where the next sort starts. */
  private orders = new Map<string, Map<number, Int32Array>>();
  /** Runners to patch from a moment at their next observation (their race's definition changed). */
  private dirty = new Map<number, number>();
  /** Per race (made at its first runner question): per mat and lap, each runner's time there now. */
  private splitIndex = new Map<string, Map<string, { rank: Float64Array; time: Float64Array }>>();
  private ranked = new Map<string, Ranked>();
  private patches: { version: number; at: number }[] = [];
  private forgottenBefore = 0;

  private constructor(setup: EventSetup) {
    this.setup = setup;
    this.indexRaces(setup);
    this.from = this.firstGun();
  }

  /** An empty timeline: each runner with no reads, to grow with `observe`. */
  static empty(setup: EventSetup): Timeline {
    const t = new Timeline(setup);
    for (const entrant of setup.entrants) {
      const r = t.addRunner(entrant);
      t.runnerStages[r].push(t.stages.push(-Infinity, t.deriveAt(r, -Infinity)));
    }
    return t;
  }

  /**
   * Replay scored reads in time order, as the engine does per read, the race's models learning as
   * they go (a projection depends on what the field had shown when the read came in): the
   * timeline of an event that ran before the timeline was kept. Minutes at NYC scale.
   */
  static build(setup: EventSetup, reads: TimedRead[]): Timeline {
    const t = new Timeline(setup);
    const fields = new Map<string, FieldModel | null>();
    const ranges = new Map<string, RangeModel>();
    for (const race of setup.races) {
      fields.set(race.id, race.kind === 'point-to-point' ? new FieldModel(race.timingPoints.map((p) => p.distance), race.distance) : null);
      ranges.set(race.id, new RangeModel(rangeTargetsOf(race)));
    }
    const learn = (r: number, reads: Map<string, number[]>) => {
      const entry = t.entries[r][0];
      const field = fields.get(entry.entrant.raceId) ?? null;
      const range = ranges.get(entry.entrant.raceId)!;
      const { detail, path } = t.derive(entry, reads, field, range);
      const splits = detail.splits.flatMap((s) => (s.net === null ? [] : [{ distance: s.distance, net: s.net }]));
      field?.observe(detail.bib, splits);
      if (detail.status === 'onCourse' || detail.status === 'finished') range.observe(detail.bib, splits, path, entry.entrant.waveId ?? null);
      return detail;
    };
    for (const entrant of setup.entrants) {
      const r = t.addRunner(entrant);
      t.runnerStages[r].push(t.stages.push(-Infinity, learn(r, new Map())));
    }
    const scored = reads.filter((r) => t.runnerIndex.has(r.bib) && t.races.get(t.entries[t.runnerIndex.get(r.bib)!][0].entrant.raceId));
    scored.sort((a, b) => byTimeThenPoint(a, b) || a.seq - b.seq);
    const held = new Map<number, Map<string, number[]>>();
    for (const read of scored) {
      const r = t.runnerIndex.get(read.bib)!;
      t.readTimes[r].push(read.time);
      t.readPoints[r].push(read.point);
      let mine = held.get(r);
      if (!mine) held.set(r, (mine = new Map()));
      const list = mine.get(read.point);
      if (list) list.push(read.time);
      else mine.set(read.point, [read.time]);
      t.runnerStages[r].push(t.stages.push(read.time, learn(r, mine)));
    }
    t.from ??= scored.length ? scored[0].time : null;
    t.to = scored.length ? scored[scored.length - 1].time : t.from;
    return t;
  }

  /**
   * The timeline of an event already under way (loaded from its snapshot and log), made runner by
   * runner without replaying the race's models: a stage per read, its projection made from the
   * runner's own splits; `takeLive` then gives each runner's newest stage the engine's projection.
   * Seconds where `build` takes minutes at NYC scale.
   */
  static resume(setup: EventSetup, reads: TimedRead[]): Timeline {
    const t = new Timeline(setup);
    for (const entrant of setup.entrants) t.addRunner(entrant);
    const known = reads.filter((r) => t.runnerIndex.has(r.bib) && t.races.get(t.entries[t.runnerIndex.get(r.bib)!][0].entrant.raceId));
    known.sort((a, b) => byTimeThenPoint(a, b) || a.seq - b.seq);
    for (const read of known) {
      const r = t.runnerIndex.get(read.bib)!;
      t.readTimes[r].push(read.time);
      t.readPoints[r].push(read.point);
    }
    for (let r = 0; r < t.bibs.length; r++) t.restage(r, -Infinity, undefined);
    t.from ??= known.length ? known[0].time : null;
    t.to = known.length ? known[known.length - 1].time : t.from;
    return t;
  }

  /** Each runner's newest stage with the projection the engine published (after `resume`). */
  takeLive(detailOf: (bib: string) => RunnerDetail | undefined): void {
    this.bibs.forEach((bib, r) => {
      const detail = detailOf(bib);
      const list = this.runnerStages[r];
      if (detail && list.length) this.stages.setProjection(list[list.length - 1], detail);
    });
  }

  /** A timeline from data another thread built for the same set-up. */
  static fromData(setup: EventSetup, data: TimelineData): Timeline {
    const t = new Timeline(setup);
    t.stages = new Stages(data.cols);
    setup.entrants.forEach((entrant, r) => {
      t.addRunner(entrant);
      for (let i = data.readStart[r]; i < data.readStart[r + 1]; i++) {
        t.readTimes[r].push(data.readTime[i]);
        t.readPoints[r].push(data.pointIds[data.readPoint[i]]);
      }
      for (let k = data.stageStart[r]; k < data.stageStart[r + 1]; k++) t.runnerStages[r].push(k);
    });
    t.from = data.from;
    t.to = data.to;
    return t;
  }

  /** The timeline as typed arrays, its stages laid out runner after runner. */
  get data(): TimelineData {
    const n = this.bibs.length;
    const pointIds: string[] = [];
    const pointOf = new Map<string, number>();
    const readStart = new Int32Array(n + 1);
    const stageStart = new Int32Array(n + 1);
    for (let r = 0; r < n; r++) {
      readStart[r + 1] = readStart[r] + this.readTimes[r].length;
      stageStart[r + 1] = stageStart[r] + this.runnerStages[r].length;
    }
    const readTime = new Float64Array(readStart[n]);
    const readPoint = new Uint16Array(readStart[n]);
    const cols = new Stages();
    for (let r = 0; r < n; r++) {
      this.readTimes[r].forEach((time, i) => {
        const point = this.readPoints[r][i];
        let p = pointOf.get(point);
        if (p === undefined) pointOf.set(point, (p = pointIds.push(point) - 1));
        readTime[readStart[r] + i] = time;
        readPoint[readStart[r] + i] = p;
      });
      for (const k of this.runnerStages[r]) cols.copy(this.stages, k);
    }
    return { from: this.from, to: this.to, pointIds, readStart, readTime, readPoint, stageStart, cols: cols.trimmed() };
  }

  /** Bytes held by the typed columns and the reads: the memory cost of keeping the timeline. */
  get bytes(): number {
    let reads = 0;
    for (const list of this.readTimes) reads += list.length * 16;
    return this.stages.bytes + reads;
  }

  get stageCount(): number {
    return this.stages.length;
  }

  /**
   * Follow a set-up change (race control, imports): entrants' changes come through `observe`;
   * a race whose definition changed (a gun, its mats) is scored again over its whole past.
   */
  setSetup(next: EventSetup): void {
    const before = new Map(this.setup.races.map((r) => [r.id, JSON.stringify(r)]));
    this.setup = next;
    this.indexRaces(next);
    this.from = this.firstGun() ?? this.from;
    const changed = new Set(next.races.filter((r) => before.has(r.id) && before.get(r.id) !== JSON.stringify(r)).map((r) => r.id));
    if (changed.size === 0) return;
    this.entries.forEach((list, r) => {
      if (!list.some((e) => changed.has(e.entrant.raceId))) return;
      for (const e of list) e.ageGroup = this.ageGroupOf(e.entrant);
      this.dirty.set(r, -Infinity);
    });
  }

  /**
   * A runner as the engine has it now (`now` null: removed from the event), at `moment` in event
   * time: what changed in the entry takes effect from `moment`, what changed in the reads from the
   * earliest read that differs. `detail` is the engine's: the last stage keeps its projection.
   */
  observe(bib: string, now: { entrant: Entrant; reads: readonly ScoredRead[]; detail: RunnerDetail } | null, moment: number): void {
    let r = this.runnerIndex.get(bib);
    if (r === undefined) {
      if (!now) return;
      r = this.addRunner(now.entrant);
    }
    let patch = this.dirty.get(r) ?? Infinity;
    this.dirty.delete(r);
    const entries = this.entries[r];
    const last = entries[entries.length - 1];
    // The engine keeps an entry's object until the set-up changes: the same object is the same entry.
    const entryChanged = now ? last.removed || (last.entrant !== now.entrant && JSON.stringify(last.entrant) !== JSON.stringify(now.entrant)) : !last.removed;
    if (now && !entryChanged) last.entrant = now.entrant;
    if (entryChanged) {
      const from = Math.max(moment, last.from);
      const entry: Entry = now ? { from, entrant: now.entrant, removed: false, ageGroup: this.ageGroupOf(now.entrant) } : { ...last, from, removed: true };
      if (from === last.from) entries[entries.length - 1] = entry;
      else entries.push(entry);
      if (!entry.removed) this.memberOf(entry.entrant.raceId).add(r);
      this.entryVersion++;
      patch = Math.min(patch, from);
      if (Number.isFinite(from)) this.to = Math.max(this.to ?? from, from);
    }
    if (now) {
      const times = this.readTimes[r];
      const points = this.readPoints[r];
      const reads = now.reads;
      let i = 0;
      while (i < times.length && i < reads.length && times[i] === reads[i].time && points[i] === reads[i].point) i++;
      if (i < times.length || i < reads.length) {
        patch = Math.min(patch, i < times.length ? times[i] : Infinity, i < reads.length ? reads[i].time : Infinity);
        // Reads in time order only add to the end; anything else is copied again.
        if (i < times.length) {
          times.length = i;
          points.length = i;
        }
        for (let j = i; j < reads.length; j++) {
          times.push(reads[j].time);
          points.push(reads[j].point);
        }
        if (reads.length) this.to = Math.max(this.to ?? -Infinity, reads[reads.length - 1].time);
      }
    }
    if (patch === Infinity) return;
    this.restage(r, patch, now?.detail);
    this.version++;
    this.patches.push({ version: this.version, at: patch });
    if (this.patches.length > 4096) {
      this.forgottenBefore = this.patches[2047].version;
      this.patches = this.patches.slice(2048);
    }
    this.from ??= this.to;
  }

  /** The earliest moment whose past changed since `version` (-Infinity when too long ago to tell). */
  changedSince(version: number): number {
    if (version === this.version) return Infinity;
    if (version < this.forgottenBefore) return -Infinity;
    let at = Infinity;
    for (let i = this.patches.length - 1; i >= 0 && this.patches[i].version > version; i--) at = Math.min(at, this.patches[i].at);
    return at;
  }

  /** A runner as at T, or undefined for an unknown bib (or one not entered then). */
  runnerAt(bib: string, at: number): RunnerDetail | undefined {
    const r = this.runnerIndex.get(bib);
    if (r === undefined) return undefined;
    const entry = this.entryAt(r, at);
    // Not entered then, or in a race the event no longer has.
    if (entry.removed || !this.races.has(entry.entrant.raceId)) return undefined;
    return this.detailAt(r, this.stageAt(r, at));
  }

  /** Whether the runner was private at T (privacy changes take effect from their moment). */
  privateAt(bib: string, at: number): boolean {
    const r = this.runnerIndex.get(bib);
    return r !== undefined && this.entryAt(r, at).entrant.private;
  }

  /** Standings of a race as at T: counters for all, full rows for the page asked. */
  leaderboardAt(
    raceId: string,
    at: number,
    filter: LeaderboardFilter = {},
    offset = 0,
    limit = Infinity,
    /** Leave private entrants out of the rows (they still count in places and counters), as spectators get them. */
    publicOnly = false,
  ): { total: number; counters: RaceCounters; entries: LeaderboardEntry[] } | undefined {
    const board = this.boardAt(raceId, at, filter, offset, limit, publicOnly);
    if (!board) return undefined;
    const { total, counters, entries } = board;
    return { total, counters, entries };
  }

  /**
   * `leaderboardAt` with what a page in the past shows beside the rows, for the whole race as at T:
   * the filters' options and the overview's figures (finish times and countries).
   */
  boardAt(
    raceId: string,
    at: number,
    filter: LeaderboardFilter = {},
    offset = 0,
    limit = Infinity,
    publicOnly = false,
  ): { total: number; counters: RaceCounters; entries: LeaderboardEntry[]; options: FilterOptions; figures: Pick<RaceSummary, 'histogram' | 'countries'> } | undefined {
    const ranked = this.rankedAt(raceId, at);
    if (!ranked) return undefined;
    const { sorted, counters } = ranked;
    const filtering = Boolean(filter.gender || filter.ageGroup || filter.country);
    const shownAt: number[] = [];
    let total = 0;
    for (let i = 0; i < sorted.length; i++) {
      const row = sorted[i];
      if (publicOnly && row.private) continue;
      if (filtering && !matchesFilter(row, filter)) continue;
      if (total >= offset && total < offset + limit) shownAt.push(i);
      total++;
    }
    // A row's places depend only on the rows before it: only the race down to the page's last row is placed.
    const needed = shownAt.length ? shownAt[shownAt.length - 1] + 1 : 0;
    if (ranked.placed.length < needed) ranked.placed = assignPlaces(sorted.slice(0, needed), ranked.ranking);
    const page = shownAt.map((i) => ({ r: sorted[i].r, k: sorted[i].k, places: ranked.placed[i].places }));
    ranked.extras ??= new Map();
    let extras = ranked.extras.get(publicOnly);
    if (!extras) {
      const shown = publicOnly ? sorted.filter((row) => !row.private) : sorted;
      const times: number[] = [];
      for (const row of shown) {
        const time = ranked.ranking === 'gun' ? row.gunTime : row.netTime;
        if (row.status === 'finished' && time !== null) times.push(time);
      }
      ranked.extras.set(publicOnly, (extras = { options: this.optionsOf(raceId, publicOnly), figures: { histogram: finishHistogram(times), countries: perCountry(shown) } }));
    }
    return {
      total,
      counters,
      entries: page.map(({ r, k, places }) => {
        const { splits: _s, waveId: _w, ...row } = this.detailAt(r, k);
        return { ...row, places };
      }),
      options: extras.options,
      figures: extras.figures,
    };
  }

  /** The values a race's filters offer: its entrants' as entered now (not worked out per moment). */
  private optionsOf(raceId: string, publicOnly: boolean): FilterOptions {
    const key = `${raceId}|${publicOnly}`;
    const kept = this.options.get(key);
    if (kept && kept.version === this.entryVersion) return kept.options;
    const rows: Pick<RunnerRow, 'gender' | 'ageGroup' | 'country'>[] = [];
    for (const r of this.members.get(raceId) ?? []) {
      const list = this.entries[r];
      const entry = list[list.length - 1];
      if (entry.removed || entry.entrant.raceId !== raceId || (publicOnly && entry.entrant.private)) continue;
      rows.push({ gender: entry.entrant.gender, ageGroup: entry.ageGroup, country: entry.entrant.country ?? null });
    }
    const options = filterOptions(rows as RunnerRow[]);
    this.options.set(key, { version: this.entryVersion, options });
    return options;
  }

  private options = new Map<string, { version: number; options: FilterOptions }>();
  /** Bumped when an entry changes (not a read): the filters' options follow it. */
  private entryVersion = 0;

  /**
   * The race as at T ranked, placed and counted by the live rules, kept for the last few moments
   * asked while the past before them has not changed: other pages and filters of the same moment
   * (and the spectators who share it) do not rank the race again.
   */
  private rankedAt(raceId: string, at: number): Ranked | undefined {
    const race = this.races.get(raceId);
    if (!race) return undefined;
    const key = `${raceId}|${at}`;
    const kept = this.ranked.get(key);
    if (kept && kept.race === race && this.changedSince(kept.version) > at) return kept;
    const ranking = race.ranking ?? 'net';
    const rows = this.rowsAt(raceId, at);
    rows.sort((a, b) => compareRows(a, b, ranking));
    this.keepOrder(raceId, at, rows);
    const ranked: Ranked = { race, ranking, version: this.version, sorted: rows, placed: [], counters: countRows(rows), extras: null };
    this.ranked.delete(key);
    this.ranked.set(key, ranked);
    if (this.ranked.size > 4) this.ranked.delete(this.ranked.keys().next().value!);
    return ranked;
  }

  /** The race's runners as at T, as rows the live ordering compares, starting from the order last found near T. */
  private rowsAt(raceId: string, at: number): StageRow[] {
    const members = this.members.get(raceId) ?? new Set<number>();
    const hint = this.orderNear(raceId, at);
    const seen = new Uint8Array(this.bibs.length);
    const rows: StageRow[] = [];
    const take = (r: number) => {
      if (seen[r]) return;
      seen[r] = 1;
      const entry = this.entryAt(r, at);
      if (entry.removed || entry.entrant.raceId !== raceId) return;
      rows.push(this.rowOf(r, this.stageAt(r, at), entry));
    };
    if (hint) for (const r of hint) take(r);
    for (const r of members) take(r);
    return rows;
  }

  private rowOf(r: number, k: number, entry: Entry): StageRow {
    const c = this.stages.cols;
    const e = entry.entrant;
    // Only what the ordering, the places, the counters and the filters read.
    return {
      r,
      k,
      bib: e.bib,
      status: this.stages.status(k),
      netTime: fromInt(c.netTime[k]),
      gunTime: fromInt(c.gunTime[k]),
      lastDistance: c.lastDistance[k],
      lastNet: fromInt(c.lastNet[k]),
      lastGun: fromInt(c.lastGun[k]),
      startTime: this.stages.started(k) ? 0 : null,
      gender: e.gender,
      ageGroup: entry.ageGroup,
      country: e.country ?? null,
      private: e.private,
    } as StageRow;
  }

  private orderNear(raceId: string, at: number): Int32Array | undefined {
    const orders = this.orders.get(raceId);
    if (!orders) return undefined;
    const bucket = Math.floor(at / CHECKPOINT_MS);
    let best: number | null = null;
    for (const b of orders.keys()) if (best === null || Math.abs(b - bucket) < Math.abs(best - bucket)) best = b;
    return best === null ? undefined : orders.get(best);
  }

  private keepOrder(raceId: string, at: number, sorted: StageRow[]): void {
    let orders = this.orders.get(raceId);
    if (!orders) this.orders.set(raceId, (orders = new Map()));
    orders.set(Math.floor(at / CHECKPOINT_MS), Int32Array.from(sorted, (row) => row.r));
  }

  /** Runner r's stages from `patch` on, made again from their reads and entries. */
  private restage(r: number, patch: number, live: RunnerDetail | undefined): void {
    const list = this.runnerStages[r];
    const time = this.stages.cols.time;
    // Nearly every read: one read after all the runner's stages, nothing else changed.
    const reads = this.readTimes[r];
    const entries = this.entries[r];
    if (
      live &&
      list.length > 0 &&
      time[list[list.length - 1]] < patch &&
      reads.length > 0 &&
      reads[reads.length - 1] === patch &&
      (reads.length === 1 || reads[reads.length - 2] < patch) &&
      entries[entries.length - 1].from < patch
    ) {
      list.push(this.stages.push(patch, live));
      this.indexSplits(r, live);
      return;
    }
    let keep = list.length;
    while (keep > 0 && time[list[keep - 1]] >= patch) keep--;
    list.length = keep;
    const moments = new Set<number>();
    if (keep === 0) moments.add(-Infinity);
    for (const t of this.readTimes[r]) if (t >= patch) moments.add(t);
    for (const e of this.entries[r]) if (e.from >= patch) moments.add(e.from);
    const sorted = [...moments].sort((a, b) => a - b);
    sorted.forEach((m, i) => {
      // The newest stage is the runner as live, with the engine's projection (made with the field as it was).
      const detail = live && i === sorted.length - 1 ? live : this.deriveAt(r, m);
      list.push(this.stages.push(m, detail));
    });
    this.indexSplits(r, live);
  }

  /** Runner r's splits now in the split index of their race (out of every other race's). */
  private indexSplits(r: number, live: RunnerDetail | undefined): void {
    if (this.splitIndex.size === 0) return;
    for (const byKey of this.splitIndex.values()) for (const column of byKey.values()) if (r < column.rank.length) column.rank[r] = NaN;
    const entries = this.entries[r];
    const entry = entries[entries.length - 1];
    const byKey = this.splitIndex.get(entry.entrant.raceId);
    if (!byKey || entry.removed) return;
    const race = this.races.get(entry.entrant.raceId);
    const detail = live ?? this.deriveAt(r, Infinity);
    for (const split of detail.splits) {
      const rank = race?.ranking === 'gun' ? split.gun : split.net;
      if (rank === null) continue;
      const key = splitKey(split);
      let column = byKey.get(key);
      if (!column || r >= column.rank.length) {
        const size = Math.max(this.bibs.length, r + 1);
        const grown = { rank: new Float64Array(size).fill(NaN), time: new Float64Array(size) };
        if (column) {
          grown.rank.set(column.rank);
          grown.time.set(column.time);
        }
        byKey.set(key, (column = grown));
      }
      column.rank[r] = rank;
      column.time[r] = split.time;
    }
  }

  /**
   * The runner's place at each of their splits as at T: one more than the runners of the race who
   * had reached that mat (that lap) by T in less time. From a column per mat of every runner's time
   * there (16 bytes a runner), not from the field's splits.
   */
  splitPlacesAt(runner: RunnerDetail, at: number): (number | null)[] {
    const race = this.races.get(runner.raceId);
    const me = this.runnerIndex.get(runner.bib);
    if (!race || me === undefined) return runner.splits.map(() => null);
    let byKey = this.splitIndex.get(race.id);
    if (!byKey) {
      this.splitIndex.set(race.id, (byKey = new Map()));
      for (const r of this.members.get(race.id) ?? []) this.indexSplits(r, undefined);
    }
    return runner.splits.map((split) => {
      const mine = race.ranking === 'gun' ? split.gun : split.net;
      if (mine === null) return null;
      const column = byKey.get(splitKey(split));
      let ahead = 0;
      if (column) {
        const { rank, time } = column;
        // NaN (no time there) compares false.
        for (let r = 0; r < rank.length; r++) if (rank[r] < mine && time[r] <= at && r !== me) ahead++;
      }
      return ahead + 1;
    });
  }

  /** Runner r's last stage at or before T (the first when none). */
  private stageAt(r: number, at: number): number {
    const list = this.runnerStages[r];
    const time = this.stages.cols.time;
    let lo = 0;
    let hi = list.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (time[list[mid]] <= at) lo = mid;
      else hi = mid - 1;
    }
    return list[lo];
  }

  private entryAt(r: number, at: number): Entry {
    const list = this.entries[r];
    for (let i = list.length - 1; i > 0; i--) if (list[i].from <= at) return list[i];
    return list[0];
  }

  /** The full row of runner r at stage k: derived from the reads up to it, projection as recorded. */
  private detailAt(r: number, k: number): RunnerDetail {
    return this.stages.projectInto(k, this.deriveAt(r, this.stages.cols.time[k]));
  }

  /** Runner r from their entry and reads as at T, without the race's models (the stage holds the projection). */
  private deriveAt(r: number, at: number): RunnerDetail {
    const reads = new Map<string, number[]>();
    const times = this.readTimes[r];
    for (let i = 0; i < times.length && times[i] <= at; i++) {
      const list = reads.get(this.readPoints[r][i]);
      if (list) list.push(times[i]);
      else reads.set(this.readPoints[r][i], [times[i]]);
    }
    for (const list of reads.values()) list.sort((a, b) => a - b);
    return this.derive(this.entryAt(r, at), reads, null, null).detail;
  }

  private derive(entry: Entry, reads: Map<string, number[]>, field: FieldModel | null, ranges: RangeModel | null) {
    const race = this.races.get(entry.entrant.raceId);
    if (!race) throw new Error(`entrant ${entry.entrant.bib} is in unknown race ${entry.entrant.raceId}`);
    return deriveWithPath({ entrant: entry.entrant, race, ageGroup: entry.ageGroup, reads, dedupWindowMs: this.setup.dedupWindowSeconds * 1000, field, ranges });
  }

  private addRunner(entrant: Entrant): number {
    this.entryVersion++;
    const r = this.bibs.push(entrant.bib) - 1;
    this.runnerIndex.set(entrant.bib, r);
    this.entries.push([{ from: -Infinity, entrant, removed: false, ageGroup: this.ageGroupOf(entrant) }]);
    this.readTimes.push([]);
    this.readPoints.push([]);
    this.runnerStages.push([]);
    this.memberOf(entrant.raceId).add(r);
    return r;
  }

  private ageGroupOf(entrant: Entrant): string | null {
    const race = this.races.get(entrant.raceId);
    return race ? entrantAgeGroup(entrant, race.ageGroups, this.setup.date) : null;
  }

  private memberOf(raceId: string): Set<number> {
    let set = this.members.get(raceId);
    if (!set) this.members.set(raceId, (set = new Set()));
    return set;
  }

  private indexRaces(setup: EventSetup): void {
    this.races = new Map(setup.races.map((r) => [r.id, r]));
  }

  private firstGun(): number | null {
    const guns = this.setup.races.flatMap((r) => [r.gunTime, ...r.waves.map((w) => w.gunTime)]).filter((g): g is number => g !== null);
    return guns.length ? Math.min(...guns) : null;
  }
}
