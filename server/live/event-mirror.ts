// An instance's copy of one event's live state, kept from the primary's deltas. Every instance,
// the primary included, answers spectators from its mirror.
import type { EventInfo } from '../../shared/domain';
import { sequenceStep } from '../../shared/sequence';
import type { LeaderboardFilter } from '../../shared/board/filters';
import { filteredPage, leaderboard, type Page } from '../../shared/board/leaderboard';
import type { LeaderboardEntry, RaceCounters, RaceDelta, RunnerDetail, RunnerRow } from '../../shared/views';
import { isPublic, publicRow, publicRows } from './public-view';
import type { EventState } from './messages';

interface RaceMirror {
  seq: number;
  counters: RaceCounters;
  runners: Map<string, RunnerDetail>;
  ordered: LeaderboardEntry[] | null;
  /** What spectators get in a snapshot, built on first demand after each change. */
  publicRows: RunnerRow[] | null;
  /** Other figures derived from the rows (filtered orderings, places, overview), until the next change. */
  memo: Map<string, unknown>;
}

export type DeltaOutcome = 'applied' | 'gap' | 'stale' | 'unknown-race';

export class EventMirror {
  info: EventInfo;
  private races = new Map<string, RaceMirror>();
  private raceOfBib = new Map<string, string>();

  constructor(state: EventState) {
    this.info = state.info;
    this.load(state);
  }

  /** Replace everything with a fresh state (start-up, resync after a gap). */
  load(state: EventState): void {
    this.info = state.info;
    this.races.clear();
    this.raceOfBib.clear();
    for (const [raceId, race] of Object.entries(state.races)) {
      this.races.set(raceId, { seq: race.seq, counters: race.counters, runners: new Map(race.runners.map((r) => [r.bib, r])), ordered: null, publicRows: null, memo: new Map() });
      for (const r of race.runners) this.raceOfBib.set(r.bib, raceId);
    }
  }

  apply(delta: RaceDelta): DeltaOutcome {
    const race = this.races.get(delta.raceId);
    if (!race) return 'unknown-race';
    const step = sequenceStep(race.seq, delta.seq);
    if (step === 'duplicate') return 'stale';
    if (step === 'gap') return 'gap';
    race.seq = delta.seq;
    race.counters = delta.counters;
    for (const bib of delta.removed) {
      race.runners.delete(bib);
      if (this.raceOfBib.get(bib) === delta.raceId) this.raceOfBib.delete(bib);
    }
    for (const r of delta.runners) {
      race.runners.set(r.bib, r);
      this.raceOfBib.set(r.bib, delta.raceId);
    }
    race.ordered = null;
    race.publicRows = null;
    race.memo.clear();
    return 'applied';
  }

  raceIds(): string[] {
    return [...this.races.keys()];
  }

  seq(raceId: string): number | undefined {
    return this.races.get(raceId)?.seq;
  }

  counters(raceId: string): RaceCounters | undefined {
    const race = this.races.get(raceId);
    return race?.counters;
  }

  runners(raceId: string): Iterable<RunnerDetail> {
    return this.races.get(raceId)?.runners.values() ?? [];
  }

  /** The race's rows as spectators see them (no private entrant); one array shared by every snapshot until the next change. */
  publicRows(raceId: string): RunnerRow[] {
    const race = this.races.get(raceId);
    if (!race) return [];
    race.publicRows ??= publicRows(race.runners.values());
    return race.publicRows;
  }

  /** Any runner, private or not: callers that answer spectators check isPublic. */
  runner(bib: string): RunnerDetail | undefined {
    const raceId = this.raceOfBib.get(bib);
    return raceId === undefined ? undefined : this.races.get(raceId)?.runners.get(bib);
  }

  /** The runner as this race holds them (not a runner who is in another race). */
  runnerIn(raceId: string, bib: string): RunnerDetail | undefined {
    return this.races.get(raceId)?.runners.get(bib);
  }

  allRunners(): Iterable<RunnerDetail> {
    const races = [...this.races.values()];
    return (function* () {
      for (const r of races) yield* r.runners.values();
    })();
  }

  /** The race's public rows in order with their places; undefined for a race this event lacks. */
  ordered(raceId: string): LeaderboardEntry[] | undefined {
    const race = this.races.get(raceId);
    if (!race) return undefined;
    // Sorted once per update, however many requests ask. Places count every runner (they are the
    // official places); private entrants are then left out of what spectators get.
    // Rows without their splits: a leaderboard never shows them.
    race.ordered ??= leaderboard(race.runners.values(), { ranking: this.info.races.find((r) => r.id === raceId)?.ranking })
      .entries.filter(isPublic)
      .map((e) => ({ ...publicRow(e), places: e.places }));
    return race.ordered;
  }

  /** A value derived from the race's rows, computed once until the race next changes. */
  memo<T>(raceId: string, name: string, compute: () => T): T | undefined {
    const race = this.races.get(raceId);
    if (!race) return undefined;
    if (race.memo.has(name)) return race.memo.get(name) as T;
    const value = compute();
    race.memo.set(name, value);
    return value;
  }

  /** A public runner's places now (null while not ranked, undefined if not in the race). */
  placesOf(raceId: string, bib: string): LeaderboardEntry['places'] | undefined {
    const byBib = this.memo(raceId, 'places', () => new Map((this.ordered(raceId) ?? []).map((e) => [e.bib, e.places])));
    return byBib?.get(bib);
  }

  leaderboard(raceId: string, filter: LeaderboardFilter, offset: number, limit: number): Page<LeaderboardEntry> | undefined {
    const ordered = this.ordered(raceId);
    return ordered && filteredPage(ordered, filter, offset, limit);
  }
}
