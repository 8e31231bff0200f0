// Entrant rows in (a CSV export of the registration system, or a results file), entrants out:
// a column mapping, then every row checked on its own, with problems reported by line. Nothing
// here imports anything; the caller decides to use the entrants only when no problem is left.
import Papa from 'papaparse';
import { entrantSchema, type Entrant, type Race } from '../../shared/domain';
import type { LineProblem } from '../../shared/organizer-api';
import { formatZodIssue } from '../../shared/zod-format';
import { normaliseCountry } from './countries';

export const ENTRANT_FIELDS = [
  'bib', 'chip', 'name', 'firstName', 'lastName', 'gender', 'birthYear', 'age', 'ageGroup', 'country', 'race', 'wave', 'status', 'statusReason', 'private', 'division', 'seedTime',
] as const;
export type EntrantField = (typeof ENTRANT_FIELDS)[number];

/** Which CSV column (by header) holds each entrant field. */
export type ColumnMapping = Partial<Record<EntrantField, string>>;

export type { LineProblem };

export interface ParsedCsv {
  headers: string[];
  rows: Record<string, string>[];
  problems: LineProblem[];
}

export const MAX_ROWS = 200_000;

/** Parse CSV text with a header row (comma, semicolon or tab, told by papaparse). */
export function parseCsv(text: string): ParsedCsv {
  const result = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim(),
  });
  const headers = (result.meta.fields ?? []).filter((h) => h !== '');
  const problems: LineProblem[] = result.errors.map((e) => ({ line: (e.row ?? 0) + 2, message: e.message }));
  if (headers.length === 0) problems.push({ line: 1, message: 'the file has no header row' });
  if (result.data.length > MAX_ROWS) problems.push({ line: MAX_ROWS + 2, message: `at most ${MAX_ROWS} entrants in one file` });
  return { headers, rows: result.data.slice(0, MAX_ROWS), problems };
}

const HEADER_GUESSES: Record<EntrantField, RegExp> = {
  bib: /^(bib|bib ?(no|number|#)|start ?(no|number)|dossard|startnummer)$/i,
  chip: /^(chip|chip ?(id|code|no)|tag|transponder|rfid)$/i,
  name: /^(name|full ?name|runner|athlete|participant)$/i,
  firstName: /^(first ?name|given ?name|forename|vorname|prenom|prénom)$/i,
  lastName: /^(last ?name|surname|family ?name|nachname|nom)$/i,
  gender: /^(gender|sex|m\/f|geschlecht|sexe)$/i,
  birthYear: /^(birth ?year|year ?of ?birth|yob|born)$/i,
  age: /^(age)$/i,
  ageGroup: /^(age ?group|category|cat|class|ak)$/i,
  country: /^(country|nation|nationality|nat|noc|ioc|land|pays)$/i,
  race: /^(race|event|distance|course|competition|rennen|wettbewerb|course ?name)$/i,
  wave: /^(wave|corral|start ?wave|block)$/i,
  status: /^(status)$/i,
  statusReason: /^(status ?reason|reason|note)$/i,
  private: /^(private|hidden|anonymous)$/i,
  division: /^(division|div|para ?class|wheelchair|class ?division)$/i,
  seedTime: /^(seed|seed ?time|declared ?time|estimated ?time|predicted ?time|target ?time|expected ?time)$/i,
};

/** A first mapping from the headers, for the organizer to correct. */
export function guessColumnMapping(headers: readonly string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const field of ENTRANT_FIELDS) {
    const header = headers.find((h) => HEADER_GUESSES[field].test(h.trim()));
    if (header !== undefined) mapping[field] = header;
  }
  return mapping;
}

const GENDERS: Record<string, Entrant['gender']> = {
  m: 'M', male: 'M', man: 'M', men: 'M', h: 'M',
  f: 'F', w: 'F', female: 'F', woman: 'F', women: 'F', d: 'X',
  x: 'X', nb: 'X', 'non-binary': 'X', nonbinary: 'X', other: 'X', diverse: 'X',
};

export interface EntrantRowOptions {
  mapping: ColumnMapping;
  races: readonly Race[];
  /** Race for rows without a race column or value. */
  defaultRaceId?: string;
  /** Entrants already in the event that keep their bibs and chips (adding to a list). */
  existing?: readonly Entrant[];
  /** Race of each bib already in the event, for its row without a race (a merge updating it). */
  racesOfBibs?: ReadonlyMap<string, string>;
  /** Line of the first data row; 2 when the header is line 1. */
  firstLine?: number;
}

export interface EntrantRowsResult {
  entrants: Entrant[];
  problems: LineProblem[];
  /** What was noted but keeps the entrant (an unknown country): by line, never a refusal. */
  warnings: LineProblem[];
}

/** A seed time as files write it: H:MM:SS, MM:SS, or seconds. Undefined when it is none of these. */
export function parseSeedTime(text: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const m = /^(?:(\d+):)?(\d{1,2}):(\d{2})(?:\.\d+)?$/.exec(text);
  if (!m) return undefined;
  return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

export function entrantsFromRows(rows: readonly Record<string, string>[], options: EntrantRowOptions): EntrantRowsResult {
  const { mapping } = options;
  const problems: LineProblem[] = [];
  const warnings: LineProblem[] = [];
  const entrants: Entrant[] = [];
  const raceByKey = new Map<string, Race>();
  for (const race of options.races) {
    raceByKey.set(race.id.toLowerCase(), race);
    raceByKey.set(race.name.toLowerCase(), race);
  }
  const bibs = new Map<string, number>((options.existing ?? []).map((e) => [e.bib, 0]));
  const chips = new Map<string, number>((options.existing ?? []).flatMap((e) => (e.chip ? [[e.chip, 0] as [string, number]] : [])));
  const missing = (['bib', 'gender'] as const).filter((f) => !mapping[f]);
  if (!mapping.name && !(mapping.firstName || mapping.lastName)) missing.push('name' as never);
  if (missing.length > 0) return { entrants, problems: [{ line: 1, message: `map a column to: ${missing.join(', ')}` }], warnings };

  rows.forEach((row, index) => {
    const line = index + (options.firstLine ?? 2);
    const value = (field: EntrantField) => {
      const header = mapping[field];
      return header === undefined ? '' : String(row[header] ?? '').trim();
    };
    const report = (field: string, message: string) => problems.push({ line, field, message });
    const before = problems.length;

    const raceText = value('race');
    const ownRace = options.racesOfBibs?.get(value('bib')) ?? options.defaultRaceId;
    const race = raceText ? raceByKey.get(raceText.toLowerCase()) : ownRace ? options.races.find((r) => r.id === ownRace) : undefined;
    if (!race) report('race', raceText ? `unknown race "${raceText}"` : 'no race given');

    const genderText = value('gender');
    const gender = GENDERS[genderText.toLowerCase()];
    if (!gender) report('gender', genderText ? `unknown gender "${genderText}" (use M, F or X)` : 'gender is missing');

    const countryText = value('country');
    let country: string | undefined;
    if (countryText) {
      // An unknown country is noted and the entrant kept (the results replay's rule).
      const normalised = normaliseCountry(countryText);
      country = normalised.code;
      if (!normalised.known) warnings.push({ line, field: 'country', message: normalised.warning });
    }

    const seedText = value('seedTime');
    const seedSeconds = seedText ? parseSeedTime(seedText) : undefined;
    if (seedText && seedSeconds === undefined) report('seedTime', `"${seedText}" is not a time (H:MM:SS, MM:SS or seconds)`);

    const waveText = value('wave');
    if (waveText && race && !race.waves.some((w) => w.id === waveText)) report('wave', `race "${race.id}" has no wave "${waveText}"`);

    const bib = value('bib');
    const seenBib = bibs.get(bib);
    if (bib && seenBib !== undefined) report('bib', seenBib === 0 ? `bib ${bib} is already taken` : `bib ${bib} appears twice (also on line ${seenBib})`);
    else if (bib) bibs.set(bib, line);
    const chip = value('chip');
    const seenChip = chips.get(chip);
    if (chip && seenChip !== undefined) report('chip', seenChip === 0 ? `chip ${chip} is already taken` : `chip ${chip} appears twice (also on line ${seenChip})`);
    else if (chip) chips.set(chip, line);

    const number = (field: EntrantField): number | undefined => {
      const text = value(field);
      if (!text) return undefined;
      const n = Number(text);
      if (!Number.isInteger(n)) report(field, `"${text}" is not a whole number`);
      return Number.isInteger(n) ? n : undefined;
    };
    const name = value('name') || [value('firstName'), value('lastName')].filter(Boolean).join(' ');
    const candidate = {
      bib,
      chip: chip || undefined,
      name,
      gender: gender ?? 'X',
      birthYear: number('birthYear'),
      age: number('age'),
      ageGroup: value('ageGroup') || undefined,
      country,
      raceId: race?.id ?? 'unknown',
      waveId: waveText || undefined,
      status: value('status').toLowerCase() || undefined,
      statusReason: value('statusReason') || undefined,
      private: /^(1|yes|y|true|x)$/i.test(value('private')),
      division: value('division') || undefined,
      seedSeconds: seedSeconds || undefined,
    };
    const parsed = entrantSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '');
        if (problems.slice(before).some((p) => p.field === field)) continue;
        report(field === 'raceId' ? 'race' : field === 'seedSeconds' ? 'seedTime' : field, formatZodIssue({ ...issue, path: [] }));
      }
    }
    if (problems.length === before && parsed.success) entrants.push(parsed.data);
  });
  return { entrants, problems, warnings };
}
