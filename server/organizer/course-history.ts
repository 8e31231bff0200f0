// A race's course history from the console: earlier years' results files (the replay's CSV
// format) attached, listed and removed. Each file is summed up on upload and kept, summed up, in
// the race's set-up (stored like every set-up change, with its audit entry); the engine takes it
// from there as the projections' prior. Summing up runs in a worker thread (history-summer.ts).
import { MAX_HISTORY_FILES, type HistoryFile, type HistoryFileInfo } from '../../shared/course-history';
import type { EventSetup, Race } from '../../shared/domain';
import { matchingSegments } from '../../shared/engine/history-prior';
import { segmentEnds } from '../../shared/engine/field-model';
import { Conflict, Invalid, NotFound } from '../domain/errors';
import { HistoryFileError } from '../replay/history-file';
import type { Organizer } from '../storage/organizer-accounts';
import type { HistorySummer } from './history-summer';
import type { OrganizerContext } from './organizer-context';
import { changeSetup, currentSetup } from './setup-change';

function raceOf(setup: EventSetup, raceId: string): Race {
  const race = setup.races.find((r) => r.id === raceId);
  if (!race) throw new NotFound(`no race "${raceId}" in event "${setup.id}"`);
  return race;
}

function infoOf(race: Race, file: HistoryFile): HistoryFileInfo {
  const ends = segmentEnds(race.timingPoints.map((p) => p.distance), race.distance);
  return { id: file.id, name: file.name, uploadedAt: file.uploadedAt, runners: file.runners, finishers: file.finishers, segments: matchingSegments(ends, file) };
}

export function listHistory(ctx: OrganizerContext, eventId: string, raceId: string): HistoryFileInfo[] {
  const race = raceOf(currentSetup(ctx, eventId), raceId);
  return (race.history ?? []).map((f) => infoOf(race, f));
}

/** Why a file cannot be added to this race now, checked before summing it up and again after. */
function checkAddable(race: Race): HistoryFile[] {
  if (race.kind !== 'point-to-point') throw new Invalid(null, 'a course history is for point-to-point races (a loop has no segments to learn)', true);
  const existing = race.history ?? [];
  if (existing.length >= MAX_HISTORY_FILES) throw new Conflict(`race "${race.id}" has ${MAX_HISTORY_FILES} history files already: remove one first`);
  return existing;
}

/**
 * Sums the file up in `summer`'s thread (seconds for a Boston year), then adds it to the race as
 * the set-up is by then: the race may have changed meanwhile, so it is checked again.
 */
export async function addHistory(ctx: OrganizerContext, organizer: Organizer, summer: HistorySummer, eventId: string, raceId: string, text: string, name: string): Promise<HistoryFileInfo> {
  const race = raceOf(currentSetup(ctx, eventId), raceId);
  checkAddable(race);
  let summed: HistoryFile;
  try {
    summed = await summer.sumUp({ text, distance: race.distance });
  } catch (err) {
    if (err instanceof HistoryFileError) throw new Invalid(null, `results file: ${err.message}`, true);
    throw err;
  }
  const now = raceOf(currentSetup(ctx, eventId), raceId);
  const existing = checkAddable(now);
  if (now.distance !== race.distance) throw new Conflict(`race "${raceId}" changed its distance while the file was summed up: send it again`);
  const id = `y${Math.max(0, ...existing.map((f) => Number(f.id.slice(1)) || 0)) + 1}`;
  const file: HistoryFile = { ...summed, id, name, uploadedAt: ctx.now() };
  const info = infoOf(now, file);
  if (info.segments === 0) throw new Invalid(null, `results file: none of its stretches between mats matches the race's timing points (${now.timingPoints.map((p) => p.distance).join(', ')} m)`, true);
  changeSetup(ctx, organizer, eventId, {
    action: 'race.history.add',
    target: raceId,
    apply: (s) => ({ ...s, races: s.races.map((r) => (r.id === raceId ? { ...r, history: [...(r.history ?? []), file] } : r)) }),
    describe: () => ({ before: null, after: { id, name, runners: file.runners, finishers: file.finishers } }),
  });
  return info;
}

export function removeHistory(ctx: OrganizerContext, organizer: Organizer, eventId: string, raceId: string, historyId: string): HistoryFileInfo[] {
  const race = raceOf(currentSetup(ctx, eventId), raceId);
  const file = race.history?.find((f) => f.id === historyId);
  if (!file) throw new NotFound(`race "${raceId}" has no history file "${historyId}"`);
  const next = changeSetup(ctx, organizer, eventId, {
    action: 'race.history.remove',
    target: raceId,
    apply: (s) => ({
      ...s,
      races: s.races.map((r) => {
        if (r.id !== raceId) return r;
        const left = (r.history ?? []).filter((f) => f.id !== historyId);
        const { history: _gone, ...rest } = r;
        return left.length > 0 ? { ...rest, history: left } : rest;
      }),
    }),
    describe: () => ({ before: { id: file.id, name: file.name }, after: null }),
  });
  const after = raceOf(next, raceId);
  return (after.history ?? []).map((f) => infoOf(after, f));
}
