// The event a results file describes, built through the organizer's set-up code: one
// point-to-point race with a mat per split column plus start and finish, the entrants validated
// row by row, countries normalised (unknown codes kept, with a warning), waves and start crossings.
import { DEFAULT_AGE_GROUPS } from '../../shared/age-groups';
import { eventSetupSchema, type EventSetup } from '../../shared/domain';
import { formatZodError } from '../../shared/zod-format';
import { normaliseCountry } from '../setup/countries';
import { entrantsFromRows, type LineProblem } from '../setup/entrant-rows';
import { buildRace, pointIdFor } from '../setup/race-builder';
import { MARATHON_M, type ResultRow, type ResultsFile } from './results-file';
import { chooseStarts } from './start-times';

export const RACE_ID = 'marathon';

export interface ReplayEventOptions {
  eventId: string;
  name: string;
  /** YYYY-MM-DD */
  date: string;
  timeZone?: string;
  /** Gun of the first wave, epoch ms. */
  firstGun: number;
  seed: number;
  ageGroups?: number[];
  /** Race distance in metres; the marathon when not given. */
  distance?: number;
}

export interface ReplayEvent {
  setup: EventSetup;
  /** Rows that made an entrant, with their start-mat crossing. */
  runners: { row: ResultRow; start: number }[];
  /** Mat id per split column (same order as the file's split columns). */
  splitPoints: string[];
  problems: LineProblem[];
  warnings: LineProblem[];
}

export function buildReplayEvent(file: ResultsFile, options: ReplayEventOptions): ReplayEvent {
  const distance = options.distance ?? MARATHON_M;
  const splitColumns = file.columns.splits.filter((s) => s.distance < distance);
  const plan = chooseStarts(file.rows.map((r) => r.bib), { firstGun: options.firstGun, seed: options.seed });
  const race = buildRace({
    id: RACE_ID,
    name: options.name,
    distance,
    splits: splitColumns.map((s) => ({ distance: s.distance, id: pointIdFor(s.distance), name: s.header })),
    waves: plan.waves,
    ageGroups: options.ageGroups ?? DEFAULT_AGE_GROUPS,
    ranking: 'net',
  });

  // Results files carry no names: a runner is known by bib.
  const rows = file.rows.map((r) => ({ bib: r.bib, name: `Runner ${r.bib}`, gender: r.gender, age: r.age, wave: plan.starts.get(r.bib)?.waveId ?? '' }));
  const imported = entrantsFromRows(rows, {
    mapping: { bib: 'bib', name: 'name', gender: 'gender', age: 'age', wave: 'wave' },
    races: [race],
    defaultRaceId: RACE_ID,
  });
  const problems = imported.problems.map((p) => ({ ...p, line: file.rows[p.line - 2]?.line ?? p.line }));
  const warnings: LineProblem[] = [];
  const rowByBib = new Map(file.rows.map((r) => [r.bib, r]));
  const entrants = imported.entrants.map((entrant) => {
    const row = rowByBib.get(entrant.bib)!;
    if (!row.country) return entrant;
    const country = normaliseCountry(row.country);
    if (!country.known) warnings.push({ line: row.line, field: 'country', message: country.warning });
    // An unknown code stays as given (if it fits a code at all): the runner is never dropped for it.
    const code = country.code?.slice(0, 3);
    return code && code.length >= 2 ? { ...entrant, country: code } : entrant;
  });

  const parsed = eventSetupSchema.safeParse({
    id: options.eventId,
    name: options.name,
    timeZone: options.timeZone ?? 'UTC',
    date: options.date,
    races: [race],
    entrants,
  });
  if (!parsed.success) throw new Error(`the replayed event is not valid: ${formatZodError(parsed.error)}`);
  const kept = new Set(entrants.map((e) => e.bib));
  const runners = file.rows.filter((r) => kept.has(r.bib)).map((row) => ({ row, start: plan.starts.get(row.bib)!.start }));
  return {
    setup: parsed.data,
    runners,
    splitPoints: splitColumns.map((s) => pointIdFor(s.distance)),
    problems,
    warnings,
  };
}
