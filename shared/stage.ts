// What the stadium screen and the announcer show of a race, as one bounded answer: the leaders of
// each gender, the latest finishers, who reaches a timing point next, the nations out on the
// course, the counters. A few dozen rows whatever the field's size; computed once per race version
// and point on the server for every screen and tablet. Pure: `now` is a parameter.
import { z } from 'zod';
import type { Gender, Race } from './domain';
import { approachOf, type ApproachTarget } from './engine/approaching';
import type { LeaderboardEntry, RaceCounters } from './views';

/** Leaders kept per gender: the screen's top panel shows eight at most. */
export const STAGE_LEADERS = 8;
/** Runners still on course kept per gender, for the map's labels. */
export const STAGE_ON_COURSE = 2;
export const STAGE_LATEST = 10;
export const STAGE_APPROACHING = 50;
export const STAGE_NATIONS = 12;
/** The furthest ahead an announcer looks (the longest of its choices). */
export const STAGE_HORIZON_MS = 30 * 60_000;
/** Runners this much slower than projected stay listed until the mat reads them. */
export const STAGE_OVERDUE_MS = 2 * 60_000;

/** "finish" or a timing point id of the race. */
export const raceStageSchema = z
  .object({ eventId: z.string().min(1).max(64), raceId: z.string().min(1).max(64), point: z.string().min(1).max(64) })
  .strict();
export type RaceStageRequest = z.infer<typeof raceStageSchema>;

export interface StageApproach {
  runner: LeaderboardEntry;
  /** Projected epoch ms at the point. */
  eta: number;
  /** 80 % range of the ETA, epoch ms; null without one. */
  range: [number, number] | null;
  /** Metres still to run to the point. */
  toGo: number;
}

export interface StageNation {
  country: string;
  finished: number;
  onCourse: number;
}

export interface RaceStage {
  eventId: string;
  raceId: string;
  point: string;
  /** The race's version it was made from. */
  seq: number;
  /** The moment it was made for (the later of the server's clock and the race's latest read). */
  at: number;
  counters: RaceCounters;
  /** The first STAGE_LEADERS of each gender who started, in the leaderboard's order, with their places. */
  leaders: LeaderboardEntry[];
  /** The first STAGE_ON_COURSE of each gender still on course (never a private entrant). */
  onCourse: LeaderboardEntry[];
  /** The latest finishers, most recent first. */
  latest: LeaderboardEntry[];
  /** Who reaches the point next, from STAGE_OVERDUE_MS ago to STAGE_HORIZON_MS ahead, soonest first. */
  approaching: StageApproach[];
  /** Runners out per country (finished or on course), most first. */
  nations: StageNation[];
  /** Latest mat time in the race (epoch ms, 0 before any), for the race clock. */
  lastRead: number;
}

/** Where a runner reaches `point` in this race: the finish, a split or lap mat; null when the race has no such point. */
export function targetIn(race: Race, point: string): ApproachTarget | null {
  if (point === 'finish') return 'finish';
  const p = race.timingPoints.find((t) => t.id === point);
  if (!p || p.kind === 'start') return null;
  // A point-to-point finish mat is the finish whatever its id.
  return p.kind === 'finish' && race.kind === 'point-to-point' ? 'finish' : { point };
}

const started = (e: LeaderboardEntry) => e.status === 'finished' || e.status === 'onCourse';

/**
 * The stage of a race from its public rows in leaderboard order (places included): one pass for
 * the leaders, finishers and nations; the approach is projected only for runners who can reach the
 * point within the horizon (their next mat within it, their finish not long past).
 */
export function raceStage(input: {
  eventId: string;
  race: Race;
  point: string;
  seq: number;
  counters: RaceCounters;
  ordered: readonly LeaderboardEntry[];
  lastRead: number;
  now: number;
}): RaceStage {
  const { race, ordered, now } = input;
  const target = targetIn(race, input.point);
  const from = now - STAGE_OVERDUE_MS;
  const to = now + STAGE_HORIZON_MS;
  const seen = new Map<Gender, number>();
  const onCourseSeen = new Map<Gender, number>();
  const leaders: LeaderboardEntry[] = [];
  const onCourse: LeaderboardEntry[] = [];
  const finished: LeaderboardEntry[] = [];
  const approaching: StageApproach[] = [];
  const nations = new Map<string, StageNation>();
  for (const e of ordered) {
    const n = seen.get(e.gender) ?? 0;
    seen.set(e.gender, n + 1);
    // As the screen's top list: the gender's first places, of those who started.
    if (n < STAGE_LEADERS && started(e)) leaders.push(e);
    if (e.status === 'finished' && e.lastTime !== null) finished.push(e);
    if (e.status === 'onCourse' && !e.private && e.name !== null) {
      const c = onCourseSeen.get(e.gender) ?? 0;
      onCourseSeen.set(e.gender, c + 1);
      if (c < STAGE_ON_COURSE) onCourse.push(e);
    }
    if (e.country && started(e)) {
      let nation = nations.get(e.country);
      if (!nation) nations.set(e.country, (nation = { country: e.country, finished: 0, onCourse: 0 }));
      if (e.status === 'finished') nation.finished++;
      else nation.onCourse++;
    }
    if (target && e.status === 'onCourse' && mayArrive(e, from, to)) {
      const a = approachOf(race, target, e);
      if (a && a.eta >= from && a.eta <= to) approaching.push({ runner: e, eta: a.eta, range: a.range, toGo: a.toGo });
    }
  }
  finished.sort((a, b) => b.lastTime! - a.lastTime! || (a.places?.overall ?? 0) - (b.places?.overall ?? 0));
  approaching.sort((a, b) => a.eta - b.eta || a.toGo - b.toGo || (a.runner.bib < b.runner.bib ? -1 : a.runner.bib > b.runner.bib ? 1 : 0));
  return {
    eventId: input.eventId,
    raceId: race.id,
    point: input.point,
    seq: input.seq,
    at: now,
    counters: input.counters,
    leaders,
    onCourse,
    latest: finished.slice(0, STAGE_LATEST),
    approaching: approaching.slice(0, STAGE_APPROACHING),
    nations: [...nations.values()]
      .sort((a, b) => b.finished + b.onCourse - (a.finished + a.onCourse) || b.finished - a.finished || a.country.localeCompare(b.country))
      .slice(0, STAGE_NATIONS),
    lastRead: input.lastRead,
  };
}

/**
 * Whether a runner can reach a point at or beyond their next mat within [from, to]: not when their
 * next mat is due after `to`, nor when their projected finish is before `from`.
 */
function mayArrive(e: LeaderboardEntry, from: number, to: number): boolean {
  if (e.nextEta !== null && e.nextEta > to) return false;
  if (e.startTime !== null && e.projectedNet !== null && e.startTime + e.projectedNet < from - STAGE_OVERDUE_MS) return false;
  return true;
}
