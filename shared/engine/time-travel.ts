// The race as it was at any moment. The engine is a pure function of the set-up and the reads, so
// the state at T is the engine over the reads timed up to T, applied in time order. Replaying that
// on every question is far too slow at marathon-majors scale, so the replay is done once and kept as
// a compact per-runner timeline: one "stage" per read, in typed columns, holding what the order,
// the counters and the projection need (the projection depends on what the field had shown when the
// read came in, so it cannot be derived again later). A question at T finds each runner's last
// stage at or before T (binary search), sorts the race on the columns and derives in full only the
// rows it answers with. Pure: no I/O, no clock.
import type { EventSetup, Race } from '../domain';
import type { LeaderboardEntry, RaceCounters, RunnerDetail, RunnerStatus } from '../views';
import { entrantAgeGroup } from '../age-groups';
import { matchesFilter, type LeaderboardFilter } from '../standings';
import { deriveWithPath } from './derive-runner';
import { FieldModel } from './field-model';
import { RangeModel, rangeTargetsOf } from './range-model';
import { compareStages, Placer, STATUS_CODES, type StageColumns } from './time-travel-order';

/** A scored read of an entrant, its time corrected by its device's clock offset. */
export interface TimedRead {
  bib: string;
  point: string;
  time: number;
  seq: number;
}

/** How often the race order is kept, in event time. */
export const CHECKPOINT_MS = 5 * 60_000;

/** No value in an Int32 column. */
export const NONE = -2147483648;

const toInt = (v: number | null) => (v === null ? NONE : Math.round(v));
const fromInt = (v: number) => (v === NONE ? null : v);

/** What a timeline holds beyond the set-up: typed arrays, so it can move between threads. */
export interface TimelineData {
  from: number | null;
  to: number | null;
  start: Int32Array;
  time: Float64Array;
  point: Uint16Array;
  cols: StageColumns;
  checkpoints: { at: number; order: Int32Array }[][];
}

export class Timeline {
  readonly setup: EventSetup;
  /** Earliest gun and latest read: the span a time control moves over. */
  from: number | null = null;
  to: number | null = null;
  private readonly bibs: string[];
  private readonly raceOf: Int32Array;
  private readonly races: Race[];
  private readonly runnerIndex = new Map<string, number>();
  /** Runner r's stages are start[r] .. start[r + 1] - 1, in time order; the first is "no reads yet". */
  private start!: Int32Array;
  private time!: Float64Array;
  private point!: Uint16Array;
  private cols!: StageColumns;
  private readonly pointIds: string[];
  private readonly bibRank: Int32Array;
  /** Per runner, fixed by the set-up: age group, and the keys places are counted under. */
  private readonly groupOf: (string | null)[];
  private readonly countryOf: (string | null)[];
  private readonly genderKey: string[];
  private readonly groupKey: (string | null)[];
  private checkpoints: { at: number; order: Int32Array }[][] = [];

  private constructor(setup: EventSetup, source: { reads: TimedRead[] } | { data: TimelineData }) {
    this.setup = setup;
    this.races = setup.races;
    const raceIdx = new Map(setup.races.map((r, i) => [r.id, i]));
    const n = setup.entrants.length;
    this.bibs = setup.entrants.map((e) => e.bib);
    this.raceOf = Int32Array.from(setup.entrants, (e) => raceIdx.get(e.raceId) ?? -1);
    this.bibs.forEach((b, i) => this.runnerIndex.set(b, i));
    this.pointIds = [...new Set(setup.races.flatMap((r) => r.timingPoints.map((p) => p.id)))];
    const sortedBibs = [...this.bibs].map((b, i) => ({ b, i })).sort((x, y) => compareBibs(x.b, y.b));
    this.bibRank = new Int32Array(n);
    sortedBibs.forEach(({ i }, rank) => (this.bibRank[i] = rank));
    this.groupOf = setup.entrants.map((e, r) => entrantAgeGroup(e, this.races[this.raceOf[r]].ageGroups, setup.date));
    this.countryOf = setup.entrants.map((e) => e.country ?? null);
    this.genderKey = setup.entrants.map((e) => `g:${e.gender}`);
    this.groupKey = setup.entrants.map((e, r) => (this.groupOf[r] === null ? null : `a:${e.gender}:${this.groupOf[r]}`));
    if ('data' in source) Object.assign(this, source.data);
    else {
      this.replay(source.reads);
      this.buildCheckpoints();
    }
  }

  /** Replay the reads in time order, as the engine does per read, and keep every stage. */
  static build(setup: EventSetup, reads: TimedRead[]): Timeline {
    return new Timeline(setup, { reads });
  }

  /** A timeline from data another thread built for the same set-up. */
  static fromData(setup: EventSetup, data: TimelineData): Timeline {
    return new Timeline(setup, { data });
  }

  get data(): TimelineData {
    return { from: this.from, to: this.to, start: this.start, time: this.time, point: this.point, cols: this.cols, checkpoints: this.checkpoints };
  }

  private replay(reads: TimedRead[]): void {
    const n = this.bibs.length;
    const pointIdx = new Map(this.pointIds.map((p, i) => [p, i]));
    const scored = reads.filter((r) => this.runnerIndex.has(r.bib) && pointIdx.has(r.point));
    scored.sort((a, b) => a.time - b.time || a.seq - b.seq);
    this.start = new Int32Array(n + 1);
    for (const r of scored) this.start[this.runnerIndex.get(r.bib)! + 1]++;
    // Reads per runner, then offsets: each runner also has its initial stage.
    for (let i = 0; i < n; i++) this.start[i + 1] += this.start[i] + 1;
    const total = scored.length + n;
    this.time = new Float64Array(total);
    this.point = new Uint16Array(total);
    this.cols = {
      status: new Uint8Array(total),
      lastDistance: new Float64Array(total),
      lastNet: new Int32Array(total),
      lastGun: new Int32Array(total),
      netTime: new Int32Array(total),
      gunTime: new Int32Array(total),
      projectedNet: new Int32Array(total),
      nextEta: new Float64Array(total),
      projectedLow: new Int32Array(total),
      projectedHigh: new Int32Array(total),
      etaLow: new Float64Array(total),
      etaHigh: new Float64Array(total),
    };

    // As the engine does per read: derive the runner again, let the field and the ranges learn.
    const fields = this.races.map((race) => (race.kind === 'point-to-point' ? new FieldModel(race.timingPoints.map((p) => p.distance), race.distance) : null));
    const ranges = this.races.map((race) => new RangeModel(rangeTargetsOf(race)));
    const held = new Map<number, Map<string, number[]>>();
    const cursor = Int32Array.from({ length: n }, (_, i) => this.start[i]);
    for (let r = 0; r < n; r++) {
      this.time[cursor[r]] = -Infinity;
      this.record(cursor[r], this.learn(r, new Map(), fields[this.raceOf[r]], ranges[this.raceOf[r]]));
    }
    for (const read of scored) {
      const r = this.runnerIndex.get(read.bib)!;
      let mine = held.get(r);
      if (!mine) held.set(r, (mine = new Map()));
      const list = mine.get(read.point);
      if (list) list.push(read.time);
      else mine.set(read.point, [read.time]);
      const k = ++cursor[r];
      this.time[k] = read.time;
      this.point[k] = pointIdx.get(read.point)!;
      this.record(k, this.learn(r, mine, fields[this.raceOf[r]], ranges[this.raceOf[r]]));
    }
    const guns = this.races.flatMap((r) => [r.gunTime, ...r.waves.map((w) => w.gunTime)]).filter((g): g is number => g !== null);
    this.from = guns.length ? Math.min(...guns) : scored.length ? scored[0].time : null;
    this.to = scored.length ? scored[scored.length - 1].time : this.from;
  }

  /** Bytes held by the typed columns: the memory cost of keeping the timeline. */
  get bytes(): number {
    const c = this.cols;
    const orders = this.checkpoints.flat().reduce((sum, cp) => sum + cp.order.byteLength, 0);
    return orders + [this.start, this.time, this.point, this.raceOf, this.bibRank, c.status, c.lastDistance, c.lastNet, c.lastGun, c.netTime, c.gunTime, c.projectedNet, c.nextEta, c.projectedLow, c.projectedHigh, c.etaLow, c.etaHigh].reduce(
      (sum, a) => sum + a.byteLength,
      0,
    );
  }

  get stages(): number {
    return this.time.length;
  }

  /** A runner as at T, or undefined for an unknown bib. */
  runnerAt(bib: string, at: number): RunnerDetail | undefined {
    const r = this.runnerIndex.get(bib);
    return r === undefined ? undefined : this.detailAt(r, this.stageAt(r, at));
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
    const raceIndex = this.races.findIndex((r) => r.id === raceId);
    if (raceIndex < 0) return undefined;
    const { order, stageOf } = this.orderAt(raceIndex, at);
    const ranking = this.races[raceIndex].ranking ?? 'net';
    const counters = countStages(this.cols, order, stageOf);
    const filtering = Boolean(filter.gender || filter.ageGroup || filter.country);
    const places = new Placer(this.cols, ranking);
    const page: { r: number; places: LeaderboardEntry['places'] }[] = [];
    let total = 0;
    for (const r of order) {
      const k = stageOf[r];
      const placed = places.next(k, this.genderKey[r], this.groupKey[r]);
      if (publicOnly && this.setup.entrants[r].private) continue;
      if (filtering && !matchesFilter({ gender: this.setup.entrants[r].gender, ageGroup: this.groupOf[r], country: this.countryOf[r] } as never, filter)) continue;
      if (total >= offset && total < offset + limit) page.push({ r, places: placed });
      total++;
    }
    return {
      total,
      counters,
      entries: page.map(({ r, places: p }) => {
        const { splits: _s, waveId: _w, ...row } = this.detailAt(r, stageOf[r]);
        return { ...row, places: p };
      }),
    };
  }

  /**
   * The runners of a race in race order as at T, and each one's stage then. Sorting starts from the
   * order at the last checkpoint before T, which is nearly right: the sort is then close to linear.
   */
  private orderAt(raceIndex: number, at: number): { order: number[]; stageOf: Int32Array } {
    const stageOf = new Int32Array(this.raceOf.length);
    const checkpoints = this.checkpoints[raceIndex];
    let lo = 0;
    let hi = checkpoints.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (checkpoints[mid].at <= at) lo = mid;
      else hi = mid - 1;
    }
    const base = checkpoints[lo];
    const order = Array.from(base.order);
    for (const r of order) stageOf[r] = this.stageAt(r, at);
    const ranking = this.races[raceIndex].ranking ?? 'net';
    const c = this.cols;
    const rank = this.bibRank;
    order.sort((a, b) => compareStages(c, stageOf[a], stageOf[b], ranking) || rank[a] - rank[b]);
    return { order, stageOf };
  }

  /** Race orders every CHECKPOINT_MS of the event's time: 4 bytes per runner each. */
  private buildCheckpoints(): void {
    for (let raceIndex = 0; raceIndex < this.races.length; raceIndex++) {
      const runners: number[] = [];
      for (let r = 0; r < this.raceOf.length; r++) if (this.raceOf[r] === raceIndex) runners.push(r);
      const list = [{ at: -Infinity, order: Int32Array.from(runners) }];
      this.checkpoints[raceIndex] = list;
      if (this.from === null || this.to === null) continue;
      for (let at = this.from; at <= this.to + CHECKPOINT_MS; at += CHECKPOINT_MS) list.push({ at, order: Int32Array.from(this.orderAt(raceIndex, at).order) });
    }
  }

  /** Runner r's last stage at or before T (the initial stage when none). */
  private stageAt(r: number, at: number): number {
    let lo = this.start[r];
    let hi = this.start[r + 1] - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.time[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The full row of runner r at stage k: derived from the reads up to it, projection as recorded. */
  private detailAt(r: number, k: number): RunnerDetail {
    const reads = new Map<string, number[]>();
    for (let j = this.start[r] + 1; j <= k; j++) {
      const id = this.pointIds[this.point[j]];
      const list = reads.get(id);
      if (list) list.push(this.time[j]);
      else reads.set(id, [this.time[j]]);
    }
    const detail = this.derive(r, reads, null, null).detail;
    const c = this.cols;
    detail.projectedNet = fromInt(c.projectedNet[k]);
    detail.nextEta = Number.isNaN(c.nextEta[k]) ? null : c.nextEta[k];
    detail.projectedRange = c.projectedLow[k] === NONE ? null : [c.projectedLow[k], c.projectedHigh[k]];
    detail.nextEtaRange = Number.isNaN(c.etaLow[k]) ? null : [c.etaLow[k], c.etaHigh[k]];
    return detail;
  }

  /** Runner r derived from these reads, as the engine would at that moment; the models learn from it. */
  private learn(r: number, reads: Map<string, number[]>, field: FieldModel | null, ranges: RangeModel): RunnerDetail {
    const { detail, path } = this.derive(r, reads, field, ranges);
    const splits = detail.splits.flatMap((s) => (s.net === null ? [] : [{ distance: s.distance, net: s.net }]));
    field?.observe(detail.bib, splits);
    if (detail.status === 'onCourse' || detail.status === 'finished') ranges.observe(detail.bib, splits, path, this.setup.entrants[r].waveId ?? null);
    return detail;
  }

  private derive(r: number, reads: Map<string, number[]>, field: FieldModel | null, ranges: RangeModel | null) {
    const entrant = this.setup.entrants[r];
    const race = this.races[this.raceOf[r]];
    return deriveWithPath({
      entrant,
      race,
      ageGroup: entrantAgeGroup(entrant, race.ageGroups, this.setup.date),
      reads,
      dedupWindowMs: this.setup.dedupWindowSeconds * 1000,
      field,
      ranges,
    });
  }

  private record(k: number, d: RunnerDetail): void {
    const c = this.cols;
    c.status[k] = STATUS_CODES[d.status] | (d.startTime !== null ? 8 : 0);
    c.lastDistance[k] = d.lastDistance;
    c.lastNet[k] = toInt(d.lastNet);
    c.lastGun[k] = toInt(d.lastGun);
    c.netTime[k] = toInt(d.netTime);
    c.gunTime[k] = toInt(d.gunTime);
    c.projectedNet[k] = toInt(d.projectedNet);
    c.nextEta[k] = d.nextEta ?? NaN;
    c.projectedLow[k] = toInt(d.projectedRange?.[0] ?? null);
    c.projectedHigh[k] = toInt(d.projectedRange?.[1] ?? null);
    c.etaLow[k] = d.nextEtaRange?.[0] ?? NaN;
    c.etaHigh[k] = d.nextEtaRange?.[1] ?? NaN;
  }
}

function countStages(cols: StageColumns, order: readonly number[], stageOf: Int32Array): RaceCounters {
  const c: RaceCounters = { registered: 0, started: 0, onCourse: 0, finished: 0, dnf: 0, dns: 0, dq: 0 };
  for (const r of order) {
    const code = cols.status[stageOf[r]];
    const status = STATUS_NAMES[code & 7];
    c.registered += 1;
    if (code & 8 || status === 'onCourse' || status === 'finished') c.started += 1;
    if (status !== 'registered') c[status] += 1;
  }
  return c;
}

const STATUS_NAMES: RunnerStatus[] = [];
for (const [name, code] of Object.entries(STATUS_CODES)) STATUS_NAMES[code] = name as RunnerStatus;

function compareBibs(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}
