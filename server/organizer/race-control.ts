// Race control on the day: start guns, DNS/DNF/DQ, moving a runner to another race, manual and
// corrected splits, reads of unknown chips, and reviews of flagged results. Every action is
// audited in the transaction that makes it and reaches every screen through the runtime.
import { randomUUID } from 'node:crypto';
import type { EntrantStatus, EventSetup } from '../../shared/domain';
import type { UnmatchedChip } from '../../shared/organizer-api';
import { formatTimeOfDay } from '../../shared/format';
import type { StoredRead } from '../../shared/reads';
import { Conflict, Invalid, NotFound } from '../domain/errors';
import { outsideWindowMessage, readWindowOf, withinReadWindow } from '../../shared/read-window';
import { parseTimeInput } from '../../shared/time-input';
import type { Organizer } from '../storage/organizer-accounts';
import { reviewableFlags } from './monitoring/course-cutting';
import { actorOf, type OrganizerContext } from './organizer-context';
import { changeSetup, currentSetup } from './setup-change';

function entrantOf(setup: EventSetup, bib: string) {
  const entrant = setup.entrants.find((e) => e.bib === bib);
  if (!entrant) throw new NotFound(`no entrant with bib ${bib} in event "${setup.id}"`);
  return entrant;
}

function editEntrant(setup: EventSetup, bib: string, edit: (e: EventSetup['entrants'][number]) => EventSetup['entrants'][number]): EventSetup {
  return { ...setup, entrants: setup.entrants.map((e) => (e.bib === bib ? edit(e) : e)) };
}

export function toEpoch(time: number | string, now: number): number {
  if (time === 'now') return now;
  const ms = parseTimeInput(time);
  if (ms === null) throw new Invalid('time', `"${time}" is not a valid date`);
  return ms;
}

/**
 * The start gun of a race, or of one of its waves: a recorded time or "now". A gun that has gone
 * is changed only as an explicit correction (`correct`), never by firing it again; `dryRun` says
 * what would change. The audit entry keeps the time it replaced, to be undone from the log.
 */
export function fireGun(
  ctx: OrganizerContext,
  organizer: Organizer,
  eventId: string,
  raceId: string,
  input: { time: number | string; waveId?: string; reason?: string; correct?: boolean; dryRun?: boolean },
) {
  const setup = currentSetup(ctx, eventId);
  const race = setup.races.find((r) => r.id === raceId);
  if (!race) throw new NotFound(`no race "${raceId}" in event "${eventId}"`);
  if (input.waveId !== undefined && !race.waves.some((w) => w.id === input.waveId)) throw new NotFound(`race "${raceId}" has no wave "${input.waveId}"`);
  const target = input.waveId ? `${raceId}/${input.waveId}` : raceId;
  const before = gunOf(setup, raceId, input.waveId ?? null);
  if (before !== null && !input.correct) {
    throw new Conflict(
      `the gun of ${target} went at ${formatTimeOfDay(before, setup.timeZone)} (${setup.timeZone}); it is not fired again — correct the gun time instead (correct: true)`,
    );
  }
  const gunTime = toEpoch(input.time, ctx.now());
  const answer = { raceId, waveId: input.waveId ?? null, gunTime, before, dryRun: input.dryRun === true };
  if (input.dryRun) return answer;
  changeSetup(ctx, organizer, eventId, {
    action: before === null ? 'race.gun' : 'race.gun.correct',
    target,
    reason: input.reason,
    apply: (s) => withGun(s, raceId, input.waveId ?? null, gunTime),
    describe: () => ({ before: { gunTime: before }, after: { gunTime } }),
    undo: () => ({ kind: 'gun', raceId, waveId: input.waveId ?? null, gunTime: before, replacedBy: gunTime }),
  });
  return answer;
}

/** The gun time of a race, or of one of its waves; null before it goes. */
export function gunOf(setup: EventSetup, raceId: string, waveId: string | null): number | null {
  const race = setup.races.find((r) => r.id === raceId);
  if (!race) return null;
  return (waveId ? race.waves.find((w) => w.id === waveId)?.gunTime : race.gunTime) ?? null;
}

/** The set-up with a race's (or a wave's) gun time set; null takes it back. */
export function withGun(setup: EventSetup, raceId: string, waveId: string | null, gunTime: number | null): EventSetup {
  return {
    ...setup,
    races: setup.races.map((r) =>
      r.id !== raceId ? r : waveId ? { ...r, waves: r.waves.map((w) => (w.id === waveId ? { ...w, gunTime } : w)) } : { ...r, gunTime },
    ),
  };
}

export function setStatus(ctx: OrganizerContext, organizer: Organizer, eventId: string, bib: string, status: EntrantStatus, reason: string) {
  entrantOf(currentSetup(ctx, eventId), bib);
  const next = changeSetup(ctx, organizer, eventId, {
    action: 'runner.status',
    target: bib,
    reason,
    apply: (s) => editEntrant(s, bib, (e) => ({ ...e, status, statusReason: status === 'registered' ? undefined : reason })),
    describe: (before, after) => {
      const pick = (s: EventSetup) => ({ status: entrantOf(s, bib).status, statusReason: entrantOf(s, bib).statusReason ?? null });
      return { before: pick(before), after: pick(after) };
    },
  });
  return entrantOf(next, bib);
}

/** A runner's privacy: a private entrant is kept from every spectator answer and message. */
export function setPrivacy(ctx: OrganizerContext, organizer: Organizer, eventId: string, bib: string, input: { private: boolean; reason: string }) {
  entrantOf(currentSetup(ctx, eventId), bib);
  const next = changeSetup(ctx, organizer, eventId, {
    action: 'runner.privacy',
    target: bib,
    reason: input.reason,
    apply: (s) => editEntrant(s, bib, (e) => ({ ...e, private: input.private })),
    describe: (before, after) => ({ before: { private: entrantOf(before, bib).private }, after: { private: entrantOf(after, bib).private } }),
  });
  return entrantOf(next, bib);
}

/** A runner moves to another race; their reads stay with them and are scored in the new race. */
export function moveRunner(ctx: OrganizerContext, organizer: Organizer, eventId: string, bib: string, input: { raceId: string; waveId?: string | null; reason: string }) {
  const setup = currentSetup(ctx, eventId);
  const entrant = entrantOf(setup, bib);
  const target = setup.races.find((r) => r.id === input.raceId);
  if (!target) throw new NotFound(`no race "${input.raceId}" in event "${eventId}"`);
  if (entrant.raceId === input.raceId && (input.waveId ?? null) === (entrant.waveId ?? null)) throw new Conflict(`bib ${bib} is in race "${input.raceId}" already`);
  if (input.waveId && !target.waves.some((w) => w.id === input.waveId)) throw new NotFound(`race "${input.raceId}" has no wave "${input.waveId}"`);
  const next = changeSetup(ctx, organizer, eventId, {
    action: 'runner.move',
    target: bib,
    reason: input.reason,
    apply: (s) => editEntrant(s, bib, (e) => ({ ...e, raceId: input.raceId, waveId: input.waveId ?? undefined })),
    describe: () => ({ before: { raceId: entrant.raceId, waveId: entrant.waveId ?? null }, after: { raceId: input.raceId, waveId: input.waveId ?? null } }),
  });
  return entrantOf(next, bib);
}

function readOfRunner(ctx: OrganizerContext, eventId: string, seq: number, bib?: string): StoredRead {
  const read = ctx.corrections.read(eventId, seq);
  if (!read) throw new NotFound(`no read ${seq} in event "${eventId}"`);
  if (bib !== undefined) {
    const entrant = entrantOf(currentSetup(ctx, eventId), bib);
    if (read.bib !== bib && (read.chip === null || read.chip !== entrant.chip)) throw new Invalid(null, `read ${seq} is not one of bib ${bib}'s reads`, true);
  }
  return read;
}

/**
 * A split entered by hand (a mat that missed the runner, a time from a photo), stored in the
 * durable log as a read from device "manual:<organizer>". With `replacesRead`, the wrong read is
 * set aside in the same transaction.
 */
export function addManualSplit(
  ctx: OrganizerContext,
  organizer: Organizer,
  eventId: string,
  bib: string,
  input: { point: string; time: number | string; reason: string; replacesRead?: number },
) {
  const setup = currentSetup(ctx, eventId);
  const entrant = entrantOf(setup, bib);
  const race = setup.races.find((r) => r.id === entrant.raceId)!;
  if (!race.timingPoints.some((p) => p.id === input.point)) throw new Invalid(null, `race "${race.id}" has no timing point "${input.point}"`, true);
  const now = ctx.now();
  const time = toEpoch(input.time, now);
  const window = readWindowOf(setup);
  if (!withinReadWindow(window, time)) throw new Invalid('time', outsideWindowMessage('split time', time, window));
  const replaced = input.replacesRead !== undefined ? readOfRunner(ctx, eventId, input.replacesRead, bib) : null;
  const device = `manual:${organizer.id}`;
  const entry = {
    eventId,
    ...actorOf(organizer),
    at: now,
    action: replaced ? 'split.correct' : 'split.add',
    target: bib,
    reason: input.reason,
    before: replaced ? { seq: replaced.seq, point: replaced.point, time: replaced.time } : null,
    after: { point: input.point, time },
  };
  const stored = ctx.db.transaction(() => {
    if (replaced && !ctx.corrections.ignore(eventId, replaced.seq, organizer.id, input.reason, now)) throw new Conflict(`read ${replaced.seq} was set aside already`);
    const [read] = ctx.readLog.append(eventId, [{ key: `manual:${randomUUID()}`, point: input.point, chip: null, bib, time, device }], now);
    ctx.audit.append({ ...entry, after: { ...entry.after, seq: read!.seq } });
    return read!;
  })();
  ctx.runtime.apply(eventId, [stored], replaced ? [replaced] : []);
  ctx.onAudit(entry);
  return { read: stored, replaced: replaced?.seq ?? null };
}

/** Set a wrong read aside (a chip read from the roadside, a mat's double) with a reason. */
export function ignoreRead(ctx: OrganizerContext, organizer: Organizer, eventId: string, seq: number, reason: string) {
  currentSetup(ctx, eventId);
  const read = readOfRunner(ctx, eventId, seq);
  const now = ctx.now();
  const entry = { eventId, ...actorOf(organizer), at: now, action: 'read.ignore', target: read.bib ?? read.chip, reason, before: read, after: null };
  ctx.db.transaction(() => {
    if (!ctx.corrections.ignore(eventId, seq, organizer.id, reason, now)) throw new Conflict(`read ${seq} was set aside already`);
    ctx.audit.append(entry);
  })();
  ctx.runtime.removeReads(eventId, [read]);
  ctx.onAudit(entry);
  return { seq };
}

/** Reads of a chip nobody registered, by chip, for the organizer to assign. */
export function unmatchedChips(ctx: OrganizerContext, eventId: string): UnmatchedChip[] {
  if (!ctx.runtime.has(eventId)) throw new NotFound(`no event "${eventId}"`);
  return [...ctx.runtime.unmatchedReads(eventId)].map(([key, reads]) => {
    const [kind, ...rest] = key.split(':');
    const times = reads.map((r) => r.time);
    return { kind: kind as 'chip' | 'bib', value: rest.join(':'), reads: reads.length, points: [...new Set(reads.map((r) => r.point))], first: Math.min(...times), last: Math.max(...times) };
  });
}

/** Give an entrant the chip: the engine hands them the chip's reads. */
export function assignChip(ctx: OrganizerContext, organizer: Organizer, eventId: string, input: { chip: string; bib: string; reason?: string }) {
  const setup = currentSetup(ctx, eventId);
  const entrant = entrantOf(setup, input.bib);
  if (!ctx.runtime.unmatchedReads(eventId).has(`chip:${input.chip}`)) throw new NotFound(`no unmatched reads of chip "${input.chip}"`);
  const next = changeSetup(ctx, organizer, eventId, {
    action: 'chip.assign',
    target: input.bib,
    reason: input.reason,
    apply: (s) => editEntrant(s, input.bib, (e) => ({ ...e, chip: input.chip })),
    describe: () => ({ before: { chip: entrant.chip ?? null }, after: { chip: input.chip } }),
  });
  return entrantOf(next, input.bib);
}

/** The organizer looked at a runner's flags: accepted (result final) or disqualified. */
export function reviewFlags(ctx: OrganizerContext, organizer: Organizer, eventId: string, bib: string, input: { reason: string; outcome: 'accepted' | 'dq' }) {
  const setup = currentSetup(ctx, eventId);
  entrantOf(setup, bib);
  const runner = ctx.runtime.runner(eventId, bib)!;
  const flags = reviewableFlags(setup.races.find((r) => r.id === runner.raceId)!, runner);
  if (flags.length === 0) throw new Conflict(`bib ${bib} has no flags to review`);
  if (input.outcome === 'dq') setStatus(ctx, organizer, eventId, bib, 'dq', input.reason);
  const now = ctx.now();
  const entry = { eventId, ...actorOf(organizer), at: now, action: 'flags.review', target: bib, reason: input.reason, before: { flags }, after: { outcome: input.outcome } };
  ctx.db.transaction(() => {
    ctx.reviews.review(eventId, bib, flags, organizer.id, now);
    ctx.audit.append(entry);
  })();
  ctx.onAudit(entry);
  return { bib, flags, outcome: input.outcome };
}
