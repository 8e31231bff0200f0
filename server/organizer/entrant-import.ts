// Entrants from a CSV file in two steps: a preview (headers, a suggested column mapping, the
// problems by line, and what the import would change: added, updated, removed), then the import,
// which checks the file again and changes nothing unless it is clean. Merging is the default; a
// replace that removes entrants needs the count the preview showed, so a stale or unread
// confirmation changes nothing.
import type { z } from 'zod';
import type { Entrant } from '../../shared/domain';
import type { entrantImportSchema } from '../../shared/organizer';
import { Conflict, Invalid } from '../domain/errors';
import type { EntrantPreview } from '../../shared/organizer-api';
import { ENTRANT_FIELDS, entrantsFromRows, guessColumnMapping, parseCsv, type ColumnMapping, type EntrantField, type LineProblem } from '../setup/entrant-rows';
import type { Organizer } from '../storage/organizer-accounts';
import { entrantChanges } from './entrant-changes';
import type { OrganizerContext } from './organizer-context';
import { changeSetup, currentSetup } from './setup-change';

export type EntrantImportInput = z.input<typeof entrantImportSchema>;

export type { EntrantPreview };

const MAX_PROBLEMS_SHOWN = 500;

/** The entrant field each file column fills. */
const FIELD_OF_COLUMN: Record<EntrantField, keyof Entrant> = {
  bib: 'bib', chip: 'chip', name: 'name', firstName: 'name', lastName: 'name', gender: 'gender', birthYear: 'birthYear', age: 'age', ageGroup: 'ageGroup',
  country: 'country', race: 'raceId', wave: 'waveId', status: 'status', statusReason: 'statusReason', private: 'private', division: 'division', seedTime: 'seedSeconds',
};

/**
 * A bib already in the event, updated from the file: what the file has a column for comes from
 * the file (an empty cell clears it), the rest stays as it was (a DNS race control set, privacy).
 */
function updated(existing: Entrant, fromFile: Entrant, mapping: ColumnMapping): Entrant {
  const merged: Record<string, unknown> = { ...existing };
  for (const column of Object.keys(mapping) as EntrantField[]) {
    const field = FIELD_OF_COLUMN[column];
    if (fromFile[field] === undefined) delete merged[field];
    else merged[field] = fromFile[field];
  }
  // Moved to another race by the file: the old race's wave is not one of the new race's.
  if (!mapping.wave && merged.raceId !== existing.raceId) delete merged.waveId;
  return merged as Entrant;
}

function nextEntrants(current: readonly Entrant[], fromFile: Entrant[], mode: 'merge' | 'add' | 'replace', mapping: ColumnMapping): Entrant[] {
  if (mode === 'replace') return fromFile;
  if (mode === 'add') return [...current, ...fromFile];
  const byBib = new Map(fromFile.map((e) => [e.bib, e]));
  const kept = current.map((e) => (byBib.has(e.bib) ? updated(e, byBib.get(e.bib)!, mapping) : e));
  const known = new Set(current.map((e) => e.bib));
  return [...kept, ...fromFile.filter((e) => !known.has(e.bib))];
}

function check(ctx: OrganizerContext, eventId: string, input: EntrantImportInput) {
  const setup = currentSetup(ctx, eventId);
  const mode = input.mode ?? 'merge';
  const csv = parseCsv(input.csv);
  const unknownField = Object.keys(input.mapping ?? {}).find((k) => !(ENTRANT_FIELDS as readonly string[]).includes(k));
  if (unknownField) throw new Invalid('mapping', `"${unknownField}" is not an entrant field (${ENTRANT_FIELDS.join(', ')})`);
  const mapping = (input.mapping as ColumnMapping | undefined) ?? guessColumnMapping(csv.headers);
  const missingHeader = Object.entries(mapping).find(([, header]) => header !== '' && !csv.headers.includes(header!));
  const problems: LineProblem[] = [...csv.problems];
  if (missingHeader) problems.push({ line: 1, field: missingHeader[0], message: `the file has no column "${missingHeader[1]}"` });
  const cleanMapping = Object.fromEntries(Object.entries(mapping).filter(([, h]) => h !== '')) as ColumnMapping;
  // Merging: bibs in the file are theirs to update, so only the others keep their bibs and chips.
  const fileBibs = new Set(cleanMapping.bib ? csv.rows.map((r) => String(r[cleanMapping.bib!] ?? '').trim()) : []);
  const existing = mode === 'add' ? setup.entrants : mode === 'merge' ? setup.entrants.filter((e) => !fileBibs.has(e.bib)) : [];
  const result =
    problems.length > 0 && csv.headers.length === 0
      ? { entrants: [], problems: [], warnings: [] }
      : entrantsFromRows(csv.rows, {
          mapping: cleanMapping,
          races: setup.races,
          defaultRaceId: input.defaultRaceId,
          existing,
          // Merging, a row of a bib already there may leave the race out: it stays in its race.
          racesOfBibs: mode === 'merge' ? new Map(setup.entrants.map((e) => [e.bib, e.raceId])) : undefined,
        });
  problems.push(...result.problems);
  problems.sort((a, b) => a.line - b.line);
  const next = nextEntrants(setup.entrants, result.entrants, mode, cleanMapping);
  const preview: EntrantPreview = {
    headers: csv.headers,
    mapping: cleanMapping,
    fields: ENTRANT_FIELDS,
    rows: csv.rows.length,
    valid: result.entrants.length,
    problems: problems.slice(0, MAX_PROBLEMS_SHOWN),
    warnings: result.warnings.slice(0, MAX_PROBLEMS_SHOWN),
    sample: result.entrants.slice(0, 20),
    changes: entrantChanges(setup.entrants, next, (bib) => ctx.runtime.readCount(eventId, bib) > 0),
  };
  return { preview, problemCount: problems.length, imported: result.entrants.length, next, mode };
}

/** What the file holds and what importing it would change; changes nothing. */
export function previewEntrants(ctx: OrganizerContext, eventId: string, input: EntrantImportInput): EntrantPreview {
  return check(ctx, eventId, input).preview;
}

export type ImportOutcome = { ok: true; imported: number; total: number; warnings: LineProblem[] } | { ok: false; error: string; problems: LineProblem[] };

/** Imports a clean file whole; a file with any problem imports nothing and says why, by line. */
export function importEntrants(ctx: OrganizerContext, organizer: Organizer, eventId: string, input: EntrantImportInput): ImportOutcome {
  const { preview, problemCount, imported, next, mode } = check(ctx, eventId, input);
  if (preview.rows === 0) return { ok: false, error: 'the file has no entrant rows', problems: preview.problems };
  if (problemCount > 0) return { ok: false, error: `the file has ${problemCount} problem(s); nothing was imported`, problems: preview.problems };
  const { changes } = preview;
  if (changes.removed > 0 && input.confirmRemoved !== changes.removed) {
    throw new Conflict(
      `this import removes ${changes.removed} entrants (${changes.removedWithResults} of them have results); nothing was imported — confirm with confirmRemoved: ${changes.removed}`,
    );
  }
  const after = changeSetup(ctx, organizer, eventId, {
    action: `entrants.${mode}`,
    target: null,
    apply: (s) => ({ ...s, entrants: next }),
    describe: (before) => ({ before: { entrants: before.entrants.length }, after: { entrants: next.length, imported, ...changes } }),
    // The list as it was: undoing the import from the audit log puts it back.
    undo: (before) => ({ kind: 'entrants', entrants: before.entrants }),
  });
  return { ok: true, imported, total: after.entrants.length, warnings: preview.warnings };
}
