// Entrants from a CSV file in two steps: a preview (headers, a suggested column mapping and the
// problems by line), then the import, which checks the file again and changes nothing unless it
// is clean.
import type { Entrant } from '../../shared/domain';
import { Invalid } from '../domain/errors';
import type { EntrantPreview } from '../../shared/organizer-api';
import { ENTRANT_FIELDS, entrantsFromRows, guessColumnMapping, parseCsv, type ColumnMapping, type EntrantField, type LineProblem } from '../setup/entrant-rows';
import type { Organizer } from '../storage/organizer-accounts';
import type { OrganizerContext } from './organizer-context';
import { changeSetup, currentSetup } from './setup-change';

export interface EntrantImportInput {
  csv: string;
  mapping?: Record<string, string>;
  mode: 'replace' | 'add';
  defaultRaceId?: string;
}

export type { EntrantPreview };

const MAX_PROBLEMS_SHOWN = 500;

function check(ctx: OrganizerContext, eventId: string, input: EntrantImportInput): EntrantPreview & { entrants: Entrant[] } {
  const setup = currentSetup(ctx, eventId);
  const csv = parseCsv(input.csv);
  const unknownField = Object.keys(input.mapping ?? {}).find((k) => !(ENTRANT_FIELDS as readonly string[]).includes(k));
  if (unknownField) throw new Invalid('mapping', `"${unknownField}" is not an entrant field (${ENTRANT_FIELDS.join(', ')})`);
  const mapping = (input.mapping as ColumnMapping | undefined) ?? guessColumnMapping(csv.headers);
  const missingHeader = Object.entries(mapping).find(([, header]) => header !== '' && !csv.headers.includes(header!));
  const problems: LineProblem[] = [...csv.problems];
  if (missingHeader) problems.push({ line: 1, field: missingHeader[0], message: `the file has no column "${missingHeader[1]}"` });
  const cleanMapping = Object.fromEntries(Object.entries(mapping).filter(([, h]) => h !== '')) as ColumnMapping;
  const result =
    problems.length > 0 && csv.headers.length === 0
      ? { entrants: [], problems: [], warnings: [] }
      : entrantsFromRows(csv.rows, {
          mapping: cleanMapping,
          races: setup.races,
          defaultRaceId: input.defaultRaceId,
          existing: input.mode === 'add' ? setup.entrants : [],
        });
  problems.push(...result.problems);
  problems.sort((a, b) => a.line - b.line);
  return {
    headers: csv.headers,
    mapping: cleanMapping,
    fields: ENTRANT_FIELDS,
    rows: csv.rows.length,
    valid: result.entrants.length,
    problems: problems.slice(0, MAX_PROBLEMS_SHOWN),
    warnings: result.warnings.slice(0, MAX_PROBLEMS_SHOWN),
    sample: result.entrants.slice(0, 20),
    entrants: result.entrants,
  };
}

export function previewEntrants(ctx: OrganizerContext, eventId: string, input: EntrantImportInput): EntrantPreview {
  const { entrants: _entrants, ...preview } = check(ctx, eventId, input);
  return preview;
}

export type ImportOutcome = { ok: true; imported: number; total: number; warnings: LineProblem[] } | { ok: false; error: string; problems: LineProblem[] };

/** Imports a clean file whole; a file with any problem imports nothing and says why, by line. */
export function importEntrants(ctx: OrganizerContext, organizer: Organizer, eventId: string, input: EntrantImportInput): ImportOutcome {
  const checked = check(ctx, eventId, input);
  if (checked.rows === 0) return { ok: false, error: 'the file has no entrant rows', problems: checked.problems };
  if (checked.problems.length > 0) return { ok: false, error: `the file has ${checked.problems.length} problem(s); nothing was imported`, problems: checked.problems };
  const next = changeSetup(ctx, organizer, eventId, {
    action: input.mode === 'add' ? 'entrants.add' : 'entrants.replace',
    target: null,
    apply: (s) => ({ ...s, entrants: input.mode === 'add' ? [...s.entrants, ...checked.entrants] : checked.entrants }),
    describe: (before, after) => ({ before: { entrants: before.entrants.length }, after: { entrants: after.entrants.length, imported: checked.entrants.length } }),
  });
  return { ok: true, imported: checked.entrants.length, total: next.entrants.length, warnings: checked.warnings };
}
