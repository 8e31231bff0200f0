// The race engine of one event: set-up plus reads in, runner state and standings out.
// Pure: no I/O, no clock. Each read touches only its runner; standings are sorted lazily, once per
// publication, from the previous order (nearly sorted, so the sort is close to linear).
import type { EventSetup, Entrant, Race } from '../domain';
import type { StoredRead } from '../reads';
import type { LeaderboardEntry, RaceCounters, RunnerDetail, RunnerRow } from '../views';
import { entrantAgeGroup } from '../age-groups';
import { stableJson } from '../stable-json';
import { countRows, tally } from '../board/counters';
import type { LeaderboardFilter } from '../board/filters';
import { filteredPage, type Page } from '../board/leaderboard';
import { assignPlaces, compareRows } from '../board/order';
import { deriveWithPath, type PublishedProjection } from './derive-runner';
import { FieldModel } from './field-model';
import { RangeModel, rangeTargetsOf } from './range-model';
import { emptyChain, RunnerReadStore, type ReadChain } from './runner-read-store';
import { ScoredTimes } from './scored-times';
import { projectionAt, projectionColumns } from './projection-columns';
import { heldSeqs, highestSeq, SNAPSHOT_FORMAT, type EngineSnapshot } from './engine-snapshot';
import { outsideWindowMessage, readWindowOf, withinReadWindow } from '../read-window';

interface RunnerState {
  entrant: Entrant;
  /** The runner's reads in the store, as the devices sent them (offsets and backups apply when scoring). */
  reads: ReadChain;
  detail: RunnerDetail;
  /** The age group and what it was worked out from (entry, race, set-up), so a read does not work it out again. */
  ageGroup: { entrant: Entrant; race: Race; setup: EventSetup; label: string | null } | null;
}

interface Standings {
  sorted: RunnerDetail[];
  placed: (RunnerDetail & { places: LeaderboardEntry['places'] })[] | null;
  counters: RaceCounters;
}

export interface RaceChanges {
  raceId: string;
  runners: RunnerDetail[];
  removed: string[];
}

export type ApplyOutcome = { matched: true; bib: string; raceId: string } | { matched: false };

export class EventEngine {
  private setup: EventSetup;
  private races = new Map<string, Race>();
  /** Every timing point id of the event, checked once per ingested read. */
  private pointIds = new Set<string>();
  private runners = new Map<string, RunnerState>();
  private store = new RunnerReadStore();
  /** Where a derivation finds the runner's read times. */
  private scored = new ScoredTimes();
  private bibByChip = new Map<string, string>();
  /** Reads whose chip or bib is unknown, kept to apply once an entrant claims them. */
  private unmatched = new Map<string, StoredRead[]>();
  private changed = new Map<string, Set<string>>();
  private removed = new Map<string, Set<string>>();
  private standingsCache = new Map<string, Standings>();
  private countersCache = new Map<string, RaceCounters>();
  /** Per race, the bibs in the order of the last sort (not the rows: those would keep old details alive). */
  private previousOrder = new Map<string, string[]>();
  /** Per point-to-point race: the fade the field has shown so far, for projections. */
  private fields = new Map<string, { race: Race; model: FieldModel }>();
  /** Per race: how far off projections have been so far, for their ranges. */
  private ranges = new Map<string, { race: Race; key: string; model: RangeModel }>();
  /** Milliseconds to add to a device's read times (its clock runs that much behind). */
  private clockOffsets = new Map<string, number>();
  /** Bumped on every change of any runner or of the set-up, so views built from the engine can tell they are stale. */
  private revision = 0;
  /** Backup devices: their read of a runner at a point counts only when no main device read them there. */
  private backupDevices = new Set<string>();
  /** Log seqs of the reads race control set aside. */
  private setAside = new Set<number>();

  /** `deferDerivation`: runners get no detail yet (`restore` gives them theirs). */
  constructor(setup: EventSetup, options: { deferDerivation?: boolean } = {}) {
    this.setup = setup;
    this.deferDerivation = options.deferDerivation ?? false;
    this.indexSetup(setup);
    this.deferDerivation = false;
  }

  private deferDerivation: boolean;

  get event(): EventSetup {
    return this.setup;
  }

  get version(): number {
    return this.revision;
  }

  race(raceId: string): Race | undefined {
    return this.races.get(raceId);
  }

  /** Timing point ids known in any race: a read at any other point is refused at ingest. */
  isKnownPoint(pointId: string): boolean {
    return this.pointIds.has(pointId);
  }

  applyRead(read: StoredRead): ApplyOutcome {
    const runner = this.attach(read);
    if (!runner) return { matched: false };
    this.rederive(runner, read.point);
    return { matched: true, bib: runner.entrant.bib, raceId: runner.entrant.raceId };
  }

  /**
   * A read already in the durable log, at start or just stored: applied, or set aside (the log
   * keeps it) when it lies outside the event's window or cannot be applied. A read an older
   * version let in must not stop the event from being served. Returns why it was set aside, or null.
   */
  applyLogged(read: StoredRead): { outcome: ApplyOutcome } | { setAside: string } {
    const window = readWindowOf(this.setup);
    if (!withinReadWindow(window, read.time)) return this.setAsideUnapplied(read, outsideWindowMessage('read time', read.time, window));
    try {
      return { outcome: this.applyRead(read) };
    } catch (err) {
      // Take it out again, so the runner is derived from the reads that can be.
      try {
        this.removeRead(read);
      } catch {
        // The runner keeps what it had; the read stays set aside below.
      }
      return this.setAsideUnapplied(read, `could not be applied: ${(err as Error).message ?? String(err)}`.slice(0, 300));
    }
  }

  private setAsideUnapplied(read: StoredRead, reason: string): { setAside: string } {
    this.setAside.add(read.seq);
    this.revision++;
    return { setAside: reason };
  }

  /**
   * Take one read (by its log seq) out of scoring: race control set it aside. The log keeps it;
   * the runner holding it is derived again. False when no runner or unmatched list holds it.
   */
  removeRead(read: StoredRead): boolean {
    const key = unmatchedKey(read);
    const pending = this.unmatched.get(key);
    const at = pending?.findIndex((r) => r.seq === read.seq) ?? -1;
    if (pending && at >= 0) {
      pending.splice(at, 1);
      if (pending.length === 0) this.unmatched.delete(key);
      this.setAside.add(read.seq);
      return true;
    }
    const likely = this.runnerOf(read);
    const holder = likely && this.store.has(likely.reads, read.seq) ? likely : [...this.runners.values()].find((s) => this.store.has(s.reads, read.seq));
    if (!holder) return false;
    this.setAside.add(read.seq);
    this.store.remove(holder.reads, read.seq);
    this.rederive(holder);
    return true;
  }

  /**
   * Correct every read of a device by `offsetMs` (added to the device's times) before scoring.
   * Applies to reads already applied too: the runners concerned are derived again.
   */
  setClockOffset(device: string, offsetMs: number): void {
    if ((this.clockOffsets.get(device) ?? 0) === offsetMs) return;
    if (offsetMs === 0) this.clockOffsets.delete(device);
    else this.clockOffsets.set(device, offsetMs);
    this.rescore(device);
  }

  /** Mark a device as a backup (or main again); the runners it read are scored again. */
  setBackupDevice(device: string, backup: boolean): void {
    if (this.backupDevices.has(device) === backup) return;
    if (backup) this.backupDevices.add(device);
    else this.backupDevices.delete(device);
    this.rescore(device);
  }

  private rescore(device: string): void {
    for (const state of this.runners.values()) if (this.store.hasDevice(state.reads, device)) this.rederive(state);
  }

  /** A read's time as scored: the device's time plus its clock offset. */
  correctedTime(read: Pick<StoredRead, 'time' | 'device'>): number {
    return read.time + (read.device !== null ? (this.clockOffsets.get(read.device) ?? 0) : 0);
  }

  /**
   * Replace the set-up (race control, imports). Runners whose entry or race changed are derived again;
   * reads stay with the runner, so a runner moved to another race keeps them.
   */
  replaceSetup(next: EventSetup): void {
    const before = this.setup;
    const racesBefore = new Map(before.races.map((r) => [r.id, JSON.stringify(r)]));
    this.setup = next;
    this.races = new Map(next.races.map((r) => [r.id, r]));
    this.pointIds = pointIdsOf(next);
    const changedRaces = new Set(next.races.filter((r) => racesBefore.get(r.id) !== JSON.stringify(r)).map((r) => r.id));
    const nextBibs = new Set(next.entrants.map((e) => e.bib));
    for (const [bib, state] of this.runners) {
      if (!nextBibs.has(bib)) {
        this.markRemoved(state.entrant.raceId, bib);
        this.runners.delete(bib);
        if (state.entrant.chip) this.bibByChip.delete(state.entrant.chip);
        // Their reads wait as unmatched, as after a restart from the log: an entrant added back
        // (an import undone) claims them again.
        for (const read of this.store.reads(state.reads)) this.attach(read);
      }
    }
    for (const entrant of next.entrants) {
      const state = this.runners.get(entrant.bib);
      if (!state) {
        this.addRunner(entrant);
        continue;
      }
      const moved = state.entrant.raceId !== entrant.raceId;
      if (moved) this.markRemoved(state.entrant.raceId, entrant.bib);
      if (state.entrant.chip && state.entrant.chip !== entrant.chip) this.bibByChip.delete(state.entrant.chip);
      const entryChanged = JSON.stringify(state.entrant) !== JSON.stringify(entrant);
      state.entrant = entrant;
      if (entrant.chip) {
        this.bibByChip.set(entrant.chip, entrant.bib);
        this.claimUnmatched(state);
      }
      if (entryChanged || changedRaces.has(entrant.raceId)) this.rederive(state);
    }
    this.standingsCache.clear();
    this.countersCache.clear();
    this.revision++;
  }

  runner(bib: string): RunnerDetail | undefined {
    return this.runners.get(bib)?.detail;
  }

  /** The reads a runner's result is scored from (set-aside ones excluded), as the devices sent them. */
  readsOf(bib: string): readonly StoredRead[] {
    const state = this.runners.get(bib);
    return state ? this.store.reads(state.reads) : [];
  }

  /** A runner's reads as scored (set-aside ones out, clock offsets added, the backup rule applied), in time order. */
  scoredReadsOf(bib: string): { point: string; time: number }[] {
    const state = this.runners.get(bib);
    return state ? this.scored.list(this.store, state.reads, this.clockOffsets, this.backupDevices) : [];
  }

  /**
   * Start recording which runners change (derived again, removed or moved), for a reader that
   * follows the engine at its own pace (the timeline); `takeTouched` hands them over.
   */
  trackTouched(): void {
    this.touched ??= new Set();
  }

  takeTouched(): string[] {
    if (!this.touched) return [];
    const bibs = [...this.touched];
    this.touched.clear();
    return bibs;
  }

  private touched: Set<string> | null = null;

  /** How many reads `readsOf` would give, without making them. */
  readCount(bib: string): number {
    return this.runners.get(bib)?.reads.count ?? 0;
  }

  entrant(bib: string): Entrant | undefined {
    return this.runners.get(bib)?.entrant;
  }

  /** Runners of a race, in race order. */
  standings(raceId: string): RunnerDetail[] {
    return this.standingsOf(raceId).sorted;
  }

  /** Counted without sorting: a publication needs the counters, not the order. */
  counters(raceId: string): RaceCounters {
    const cached = this.standingsCache.get(raceId);
    if (cached) return cached.counters;
    let counters = this.countersCache.get(raceId);
    if (!counters) {
      counters = countRows(this.detailsOf(raceId));
      this.countersCache.set(raceId, counters);
    }
    return counters;
  }

  leaderboard(raceId: string, filter: LeaderboardFilter = {}, offset = 0, limit = Infinity): Page<LeaderboardEntry> {
    const s = this.standingsOf(raceId);
    s.placed ??= assignPlaces(s.sorted, this.races.get(raceId)?.ranking);
    return filteredPage(s.placed, filter, offset, limit);
  }

  /** Unmatched reads, by chip (or bib) as read. */
  unmatchedReads(): Map<string, StoredRead[]> {
    return this.unmatched;
  }

  /** What changed since the last call, per race; clears the record. */
  takeChanges(): RaceChanges[] {
    const raceIds = new Set([...this.changed.keys(), ...this.removed.keys()]);
    const out: RaceChanges[] = [];
    for (const raceId of raceIds) {
      const bibs = this.changed.get(raceId) ?? new Set<string>();
      const runners: RunnerDetail[] = [];
      for (const bib of bibs) {
        const state = this.runners.get(bib);
        if (state && state.entrant.raceId === raceId) runners.push(state.detail);
      }
      out.push({ raceId, runners, removed: [...(this.removed.get(raceId) ?? [])].filter((b) => !bibs.has(b) || this.runners.get(b)?.entrant.raceId !== raceId) });
    }
    this.changed.clear();
    this.removed.clear();
    return out;
  }

  /**
   * The engine as plain data, to stand it up again later with `restore` and the log. Its typed arrays
   * are the engine's own: encode or clone it before applying anything else.
   */
  snapshot(): EngineSnapshot {
    const entrants = this.setup.entrants;
    const chains = { first: new Int32Array(entrants.length), last: new Int32Array(entrants.length), count: new Int32Array(entrants.length) };
    const details: RunnerDetail[] = new Array(entrants.length);
    let held = 0;
    entrants.forEach((entrant, i) => {
      const state = this.runners.get(entrant.bib)!;
      chains.first[i] = state.reads.first;
      chains.last[i] = state.reads.last;
      chains.count[i] = state.reads.count;
      held += state.reads.count;
      details[i] = state.detail;
    });
    const unmatched = [...this.unmatched.values()].flat();
    const reads = this.store.saved();
    const fields: EngineSnapshot['fields'] = new Map();
    for (const [raceId, { model }] of this.fields) fields.set(raceId, { matsKey: model.matsKey, finish: model.finish, model: model.saved() });
    const ranges: EngineSnapshot['ranges'] = new Map();
    for (const [raceId, { key, model }] of this.ranges) ranges.set(raceId, { key, model: model.saved() });
    return {
      format: SNAPSHOT_FORMAT,
      setup: this.setupJson(),
      reads,
      chains,
      unmatched,
      held: held + unmatched.length,
      setAside: Float64Array.from(this.setAside).sort(),
      maxSeq: unmatched.reduce((max, r) => Math.max(max, r.seq), highestSeq(reads.seqs, this.setAside)),
      clockOffsets: new Map(this.clockOffsets),
      backupDevices: [...this.backupDevices],
      projections: projectionColumns(details),
      fields,
      ranges,
    };
  }

  /**
   * An engine as it was when `snapshot` was taken, then brought up to date with `later`: the log's
   * reads after the snapshot, in log order (a read the snapshot holds already is skipped). Null
   * when the snapshot does not fit this set-up (it changed since, or another format): the caller
   * then applies the whole log. The engine takes the snapshot's typed arrays as its own (a major's
   * are hundreds of megabytes): a snapshot stands up one engine.
   */
  static restore(setup: EventSetup, snapshot: EngineSnapshot, later: Iterable<StoredRead>, onSetAside?: (read: StoredRead, reason: string) => void): EventEngine | null {
    if (snapshot.format !== SNAPSHOT_FORMAT || snapshot.setup !== stableJson(setup)) return null;
    const engine = new EventEngine(setup, { deferDerivation: true });
    engine.setupJsonOf = { setup, json: snapshot.setup };
    engine.clockOffsets = new Map(snapshot.clockOffsets);
    engine.backupDevices = new Set(snapshot.backupDevices);
    engine.setAside = new Set(snapshot.setAside);
    for (const race of setup.races) {
      const field = snapshot.fields.get(race.id);
      const model = engine.fieldOf(race);
      if (field && model && field.matsKey === model.matsKey && field.finish === model.finish) model.restore(field.model);
      const ranges = snapshot.ranges.get(race.id);
      const rangeModel = engine.rangesOf(race);
      if (ranges && engine.ranges.get(race.id)?.key === ranges.key) rangeModel.restore(ranges.model);
    }
    engine.store = RunnerReadStore.restore(snapshot.reads);
    // No entrant claimed these when the snapshot was taken, with this same set-up.
    for (const read of snapshot.unmatched) engine.attach(read);
    setup.entrants.forEach((entrant, i) => {
      const state = engine.runners.get(entrant.bib)!;
      state.reads.first = snapshot.chains.first[i];
      state.reads.last = snapshot.chains.last[i];
      state.reads.count = snapshot.chains.count[i];
      // The models already hold what these runners taught them: only the details are made again.
      state.detail = engine.derive(state, projectionAt(snapshot.projections, i)).detail;
    });
    // Every read up to the snapshot's last seq is in it or set aside (a read the log has beyond it is new).
    let held: Set<number> | null = null;
    for (const read of later) {
      if (read.seq <= snapshot.maxSeq) {
        held ??= heldSeqs(snapshot);
        if (held.has(read.seq)) continue;
      }
      if (!engine.setAside.has(read.seq)) {
        const applied = engine.applyLogged(read);
        if ('setAside' in applied) onSetAside?.(read, applied.setAside);
      }
    }
    return engine;
  }

  /** The set-up as JSON, made once per set-up. */
  private setupJson(): string {
    if (this.setupJsonOf?.setup !== this.setup) this.setupJsonOf = { setup: this.setup, json: stableJson(this.setup) };
    return this.setupJsonOf.json;
  }

  private setupJsonOf: { setup: EventSetup; json: string } | null = null;

  /** A read to its runner's reads, or to the unmatched ones, scoring nothing: the runner, or null. */
  private attach(read: StoredRead): RunnerState | null {
    const runner = this.runnerOf(read);
    if (runner) {
      this.store.add(runner.reads, read);
      return runner;
    }
    const key = unmatchedKey(read);
    const list = this.unmatched.get(key) ?? [];
    list.push(read);
    this.unmatched.set(key, list);
    return null;
  }

  /** The runner a read names, by bib or by chip. */
  private runnerOf(read: StoredRead): RunnerState | undefined {
    const bib = read.bib ?? (read.chip !== null ? this.bibByChip.get(read.chip) : undefined);
    return bib !== undefined ? this.runners.get(bib) : undefined;
  }

  private indexSetup(setup: EventSetup): void {
    this.races = new Map(setup.races.map((r) => [r.id, r]));
    this.pointIds = pointIdsOf(setup);
    for (const entrant of setup.entrants) this.addRunner(entrant);
  }

  private addRunner(entrant: Entrant): void {
    const state: RunnerState = { entrant, reads: emptyChain(), detail: undefined as unknown as RunnerDetail, ageGroup: null };
    this.runners.set(entrant.bib, state);
    if (entrant.chip) this.bibByChip.set(entrant.chip, entrant.bib);
    this.claimUnmatched(state);
    if (!this.deferDerivation) this.rederive(state);
  }

  private claimUnmatched(state: RunnerState): void {
    for (const key of [`bib:${state.entrant.bib}`, state.entrant.chip ? `chip:${state.entrant.chip}` : null]) {
      if (key === null) continue;
      const reads = this.unmatched.get(key);
      if (!reads) continue;
      for (const r of reads) this.store.add(state.reads, r);
      this.unmatched.delete(key);
    }
  }

  /** Score the runner again from their reads, let the race's models learn from it, and record the change. */
  /** `addedAt`: the only change since the runner's detail was made is a read added at that point. */
  private rederive(state: RunnerState, addedAt?: string): void {
    const before = state.detail as RunnerDetail | undefined;
    const { detail, path, points, field, ranges } = this.derive(state, undefined, addedAt);
    state.detail = detail;
    // The models learn only from net times past the start: `points` are exactly those splits.
    field?.observe(state.entrant.bib, points);
    if (detail.status === 'onCourse' || detail.status === 'finished') ranges.observe(state.entrant.bib, points, path, state.entrant.waveId ?? null);
    const raceId = state.entrant.raceId;
    this.touched?.add(state.entrant.bib);
    let set = this.changed.get(raceId);
    if (!set) this.changed.set(raceId, (set = new Set()));
    set.add(state.entrant.bib);
    this.standingsCache.delete(raceId);
    // Counters move with the one runner instead of being counted again over the whole race (a new
    // object: the one handed out before may still be on its way to clients).
    const counters = this.countersCache.get(raceId);
    if (counters && before?.raceId === raceId) this.countersCache.set(raceId, tally(tally({ ...counters }, before.status, before.startTime !== null, -1), detail.status, detail.startTime !== null, 1));
    else {
      this.countersCache.delete(raceId);
      if (before) this.countersCache.delete(before.raceId);
    }
    this.revision++;
  }

  /** The runner's detail from their reads; `published`: the projection to keep instead of making one (restoring). */
  private derive(state: RunnerState, published?: PublishedProjection, addedAt?: string) {
    const race = this.races.get(state.entrant.raceId);
    if (!race) throw new Error(`entrant ${state.entrant.bib} is in unknown race ${state.entrant.raceId}`);
    const field = this.fieldOf(race);
    const ranges = this.rangesOf(race);
    const derived = deriveWithPath({
      entrant: state.entrant,
      race,
      ageGroup: this.ageGroupOf(state, race),
      reads: this.scored.fill(this.store, state.reads, this.clockOffsets, this.backupDevices),
      dedupWindowMs: this.setup.dedupWindowSeconds * 1000,
      field,
      ranges,
      published,
      previous: state.detail,
      addedAt,
    });
    return { detail: derived.detail, path: derived.path, points: derived.points, field, ranges };
  }

  private ageGroupOf(state: RunnerState, race: Race): string | null {
    const known = state.ageGroup;
    if (known && known.entrant === state.entrant && known.race === race && known.setup === this.setup) return known.label;
    const label = entrantAgeGroup(state.entrant, race.ageGroups, this.setup.date);
    state.ageGroup = { entrant: state.entrant, race, setup: this.setup, label };
    return label;
  }

  /** The race's field model, made again when its mats change. */
  private fieldOf(race: Race): FieldModel | null {
    if (race.kind !== 'point-to-point') return null;
    const existing = this.fields.get(race.id);
    if (existing && existing.race === race) return existing.model;
    const mats = race.timingPoints.map((p) => p.distance);
    const model =
      existing && existing.model.finish === race.distance && existing.model.matsKey === mats.join(',') ? existing.model : new FieldModel(mats, race.distance);
    model.usePrior(race.history);
    this.fields.set(race.id, { race, model });
    return model;
  }

  /** The race's range model, made again when its mats change. */
  private rangesOf(race: Race): RangeModel {
    const existing = this.ranges.get(race.id);
    if (existing && existing.race === race) return existing.model;
    const targets = rangeTargetsOf(race);
    const key = `${race.distance}|${targets.join(',')}`;
    const model = existing && existing.key === key ? existing.model : new RangeModel(targets);
    model.usePrior(this.fieldOf(race)?.history ?? null);
    this.ranges.set(race.id, { race, key, model });
    return model;
  }

  private markRemoved(raceId: string, bib: string): void {
    this.touched?.add(bib);
    let set = this.removed.get(raceId);
    if (!set) this.removed.set(raceId, (set = new Set()));
    set.add(bib);
    this.standingsCache.delete(raceId);
    this.countersCache.delete(raceId);
  }

  private detailsOf(raceId: string): RunnerDetail[] {
    const out: RunnerDetail[] = [];
    for (const state of this.runners.values()) if (state.entrant.raceId === raceId) out.push(state.detail);
    return out;
  }

  private standingsOf(raceId: string): Standings {
    const cached = this.standingsCache.get(raceId);
    if (cached) return cached;
    const race = this.races.get(raceId);
    // Start from the previous order with current details: TimSort finishes a nearly sorted list fast.
    const previous = this.previousOrder.get(raceId) ?? [];
    const seen = new Set<string>();
    const rows: RunnerDetail[] = [];
    for (const bib of previous) {
      const state = this.runners.get(bib);
      if (state && state.entrant.raceId === raceId && !seen.has(bib)) {
        rows.push(state.detail);
        seen.add(bib);
      }
    }
    for (const state of this.runners.values()) {
      if (state.entrant.raceId === raceId && !seen.has(state.entrant.bib)) rows.push(state.detail);
    }
    const ranking = race?.ranking ?? 'net';
    rows.sort((a, b) => compareRows(a, b, ranking));
    this.previousOrder.set(raceId, rows.map((r) => r.bib));
    const standings: Standings = { sorted: rows, placed: null, counters: countRows(rows) };
    this.standingsCache.set(raceId, standings);
    return standings;
  }
}

function pointIdsOf(setup: EventSetup): Set<string> {
  return new Set(setup.races.flatMap((r) => r.timingPoints.map((p) => p.id)));
}

function unmatchedKey(read: StoredRead): string {
  return read.bib !== null ? `bib:${read.bib}` : `chip:${read.chip}`;
}
