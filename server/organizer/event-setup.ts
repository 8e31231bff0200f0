// Setting up an event from the console: the event and its races, the course from a GPX or
// GeoJSON file, timing points by distance or by a click on the map, loops, and the entrant list.
import { eventSetupSchema, type EventSetup, type Race } from '../../shared/domain';
import type { RaceSpecInput } from '../../shared/organizer';
import { Conflict, Invalid, NotFound } from '../domain/errors';
import { pointAlong } from '../setup/course';
import { CourseImportError, parseCourseFile, snapToCourse } from '../setup/course-import';
import { buildRace, pointIdFor, pointNameFor, RaceSpecError } from '../setup/race-builder';
import type { Organizer } from '../storage/organizer-accounts';
import { actorOf, type OrganizerContext } from './organizer-context';
import { changeSetup, currentSetup } from './setup-change';

function raceFrom(spec: RaceSpecInput): Race {
  try {
    return buildRace(spec);
  } catch (err) {
    if (err instanceof RaceSpecError) throw new Invalid(null, err.message, true);
    throw err;
  }
}

export function courseFromFile(text: string): { course: [number, number][]; length: number } {
  try {
    return parseCourseFile(text);
  } catch (err) {
    if (err instanceof CourseImportError) throw new Invalid(null, `course file: ${err.message}`, true);
    throw err;
  }
}

function raceOf(setup: EventSetup, raceId: string): Race {
  const race = setup.races.find((r) => r.id === raceId);
  if (!race) throw new NotFound(`no race "${raceId}" in event "${setup.id}"`);
  return race;
}

export function createEvent(ctx: OrganizerContext, organizer: Organizer, input: { id: string; name: string; date: string; timeZone: string; readWindowDays?: number; race: RaceSpecInput }): EventSetup {
  if (ctx.runtime.has(input.id)) throw new Conflict(`an event "${input.id}" exists already`);
  const window = input.readWindowDays === undefined ? {} : { readWindowDays: input.readWindowDays };
  const parsed = eventSetupSchema.safeParse({ id: input.id, name: input.name, date: input.date, timeZone: input.timeZone, ...window, races: [raceFrom(input.race)], entrants: [] });
  if (!parsed.success) throw Invalid.fromZod(parsed.error, true);
  const entry = { eventId: input.id, ...actorOf(organizer), at: ctx.now(), action: 'event.create', target: input.id, reason: null, before: null, after: { name: input.name, date: input.date } };
  ctx.db.transaction(() => {
    ctx.audit.append(entry);
    ctx.accounts.grantEvent(organizer.id, input.id);
    ctx.runtime.saveSetup(parsed.data);
  })();
  ctx.onAudit(entry);
  return parsed.data;
}

/** A race added before or during the event. */
export function addRace(ctx: OrganizerContext, organizer: Organizer, eventId: string, spec: RaceSpecInput): Race {
  const race = raceFrom(spec);
  if (currentSetup(ctx, eventId).races.some((r) => r.id === race.id)) throw new Conflict(`a race "${race.id}" exists already`);
  changeSetup(ctx, organizer, eventId, {
    action: 'race.add',
    target: race.id,
    apply: (s) => ({ ...s, races: [...s.races, race] }),
    describe: () => ({ before: null, after: { ...race, course: race.course ? `${race.course.length} points` : undefined } }),
  });
  return race;
}

function changeRace(ctx: OrganizerContext, organizer: Organizer, eventId: string, raceId: string, action: string, edit: (race: Race) => Race, reason?: string): Race {
  raceOf(currentSetup(ctx, eventId), raceId);
  const next = changeSetup(ctx, organizer, eventId, {
    action,
    target: raceId,
    reason,
    apply: (s) => ({ ...s, races: s.races.map((r) => (r.id === raceId ? edit(r) : r)) }),
    describe: (before, after) => ({ before: raceSummary(raceOf(before, raceId)), after: raceSummary(raceOf(after, raceId)) }),
  });
  return raceOf(next, raceId);
}

/** What the audit log keeps of a race: everything but the course line's points and the course history's cells. */
function raceSummary(race: Race): unknown {
  const { course, history, ...rest } = race;
  return { ...rest, coursePoints: course?.length ?? 0, ...(history ? { history: history.map((f) => f.name) } : {}) };
}

/** A course from a file; the timing points move onto the new line. */
export function setCourse(ctx: OrganizerContext, organizer: Organizer, eventId: string, raceId: string, text: string): Race {
  const { course, length } = courseFromFile(text);
  return changeRace(ctx, organizer, eventId, raceId, 'race.course', (race) => {
    const onLine = (d: number) => pointAlong(course, race.kind === 'loop' ? d % length : Math.min(d, length));
    return { ...race, course, timingPoints: race.timingPoints.map((p) => ({ ...p, position: onLine(p.distance) })) };
  });
}

export function snapPoint(ctx: OrganizerContext, eventId: string, raceId: string, position: [number, number]) {
  const race = raceOf(currentSetup(ctx, eventId), raceId);
  if (!race.course || race.course.length < 2) throw new Invalid(null, `race "${raceId}" has no course to snap to: import one first`, true);
  return snapToCourse(race.course, position);
}

export function addTimingPoint(
  ctx: OrganizerContext,
  organizer: Organizer,
  eventId: string,
  raceId: string,
  input: { id?: string; name?: string; distance?: number; position?: [number, number] },
): Race {
  const race = raceOf(currentSetup(ctx, eventId), raceId);
  if (race.kind === 'loop') throw new Invalid(null, 'a loop race has one lap mat; change the loop instead', true);
  const snapped = input.position ? snapPoint(ctx, eventId, raceId, input.position) : null;
  const distance = Math.round(snapped?.distance ?? input.distance!);
  if (distance <= 0 || distance >= race.distance) throw new Invalid(null, `a split must lie between the start and the finish (0 to ${race.distance} m); this one is at ${distance} m`, true);
  const id = input.id ?? pointIdFor(distance);
  if (race.timingPoints.some((p) => p.id === id)) throw new Conflict(`race "${raceId}" has a timing point "${id}" already`);
  const position = snapped?.position ?? (race.course && race.course.length >= 2 ? pointAlong(race.course, distance) : undefined);
  const point = { id, name: input.name ?? pointNameFor(distance), kind: 'split' as const, distance, ...(position ? { position } : {}) };
  return changeRace(ctx, organizer, eventId, raceId, 'timing-point.add', (r) => ({
    ...r,
    timingPoints: [...r.timingPoints, point].sort((a, b) => a.distance - b.distance),
  }));
}

function removablePoint(ctx: OrganizerContext, eventId: string, raceId: string, pointId: string) {
  const race = raceOf(currentSetup(ctx, eventId), raceId);
  const point = race.timingPoints.find((p) => p.id === pointId);
  if (!point) throw new NotFound(`race "${raceId}" has no timing point "${pointId}"`);
  if (point.kind !== 'split') throw new Invalid(null, `the ${point.kind} mat cannot be removed`, true);
  return point;
}

/** What removing a mat would change, asked before it is removed: the runners with a split there. */
export function timingPointRemoval(ctx: OrganizerContext, eventId: string, raceId: string, pointId: string) {
  const point = removablePoint(ctx, eventId, raceId, pointId);
  const runnersWithSplit = ctx.runtime.standings(eventId, raceId).filter((r) => r.splits.some((s) => s.point === pointId)).length;
  return { raceId, pointId, name: point.name, runnersWithSplit };
}

export function removeTimingPoint(ctx: OrganizerContext, organizer: Organizer, eventId: string, raceId: string, pointId: string): Race {
  removablePoint(ctx, eventId, raceId, pointId);
  return changeRace(ctx, organizer, eventId, raceId, 'timing-point.remove', (r) => ({ ...r, timingPoints: r.timingPoints.filter((p) => p.id !== pointId) }));
}

export function setLoop(ctx: OrganizerContext, organizer: Organizer, eventId: string, raceId: string, loop: { length: number; laps: number }): Race {
  const race = raceOf(currentSetup(ctx, eventId), raceId);
  if (race.kind !== 'loop' || !race.loop) throw new Invalid(null, `race "${raceId}" is not a loop race`, true);
  return changeRace(ctx, organizer, eventId, raceId, 'race.loop', (r) => ({ ...r, distance: loop.length * loop.laps, loop: { ...r.loop!, ...loop } }));
}
