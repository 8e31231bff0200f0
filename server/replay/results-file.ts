// A results file read by its header names: bib, age, gender, country, one column per timing point
// whose header is a distance, and the finish time. Every row is checked on its own; a bad row is
// reported with its line and left out, the rest goes on.
import { parseDuration } from '../../shared/format';
import { guessColumnMapping, parseCsv, type LineProblem } from '../setup/entrant-rows';

export const MARATHON_M = 42_195;
const HALF_MARATHON_M = 21_097.5;

export interface SplitColumn {
  header: string;
  /** Metres from the start. */
  distance: number;
}

export interface ResultsColumns {
  bib: string;
  gender: string;
  age?: string;
  country?: string;
  splits: SplitColumn[];
  finish: string;
  /** Official places, kept to check the replay against. */
  places: { overall?: string; gender?: string; ageGroup?: string };
}

export interface ResultRow {
  /** Line in the file (the header is line 1). */
  line: number;
  bib: string;
  gender: string;
  age: string;
  country: string;
  /** Net ms at each split column (same order as `columns.splits`); null where the mat missed the runner. */
  splits: (number | null)[];
  /** Official net finish ms; null when the row has none. */
  finish: number | null;
  places: { overall: number | null; gender: number | null; ageGroup: number | null };
}

export interface ResultsFile {
  columns: ResultsColumns;
  rows: ResultRow[];
  /** Rows left out, with what is wrong. */
  problems: LineProblem[];
  /** Things worth knowing that left nothing out (unused columns). */
  warnings: LineProblem[];
}

export class ResultsFileError extends Error {}

const FINISH_HEADER = /^(official ?time|net ?time|chip ?time|finish( ?time)?|final ?time|time)$/i;
const PLACE_HEADERS = {
  overall: /^(overall|place|overall ?place|pos|position|rank)$/i,
  gender: /^(gender ?place|gender|sex ?place)$/i,
  ageGroup: /^(division|division ?place|age ?group ?place|ag ?place|category ?place)$/i,
};

/** Metres from a split header: `5K`, `10 km`, `Half`, `20 mi`, `800m`; null when it is not a distance. */
export function distanceOfHeader(header: string): number | null {
  const h = header.trim().toLowerCase();
  if (/^half( ?marathon)?$/.test(h)) return HALF_MARATHON_M;
  const m = /^(\d+(?:[.,]\d+)?)\s*(k|km|mi|mile|miles|m)$/.exec(h);
  if (!m) return null;
  const n = Number(m[1].replace(',', '.'));
  const unit = m[2];
  const metres = unit === 'm' ? n : unit.startsWith('k') ? n * 1000 : n * 1609.344;
  return metres > 0 ? metres : null;
}

/** Net ms from `H:MM:SS(.f)` or a spreadsheet fraction of a day; null for a missed mat; NaN when broken. */
export function parseResultTime(text: string): number | null {
  const t = text.trim();
  if (t === '' || t === '-' || t === '–') return null;
  const duration = parseDuration(t);
  if (duration !== null) return duration;
  if (/^0?\.\d+$/.test(t)) return Math.round(Number(t) * 86_400_000);
  return Number.NaN;
}

export function parseResultsFile(text: string): ResultsFile {
  const csv = parseCsv(text);
  const problems: LineProblem[] = [...csv.problems];
  const warnings: LineProblem[] = [];
  const mapping = guessColumnMapping(csv.headers);
  const used = new Set<string>();
  const take = (header: string | undefined) => {
    if (header !== undefined) used.add(header);
    return header;
  };
  const splits: SplitColumn[] = [];
  let finish: string | undefined;
  for (const header of csv.headers) {
    const distance = distanceOfHeader(header);
    if (distance !== null && distance < MARATHON_M * 10) {
      splits.push({ header, distance });
      used.add(header);
    } else if (finish === undefined && FINISH_HEADER.test(header)) finish = take(header);
  }
  splits.sort((a, b) => a.distance - b.distance);
  const places = {
    overall: take(csv.headers.find((h) => PLACE_HEADERS.overall.test(h))),
    ageGroup: take(csv.headers.find((h) => PLACE_HEADERS.ageGroup.test(h))),
    gender: undefined as string | undefined,
  };
  const bib = take(mapping.bib);
  const gender = take(mapping.gender);
  const age = take(mapping.age);
  const country = take(mapping.country);
  // "Gender" is the gender place when a separate M/F column holds the gender.
  places.gender = take(csv.headers.find((h) => PLACE_HEADERS.gender.test(h) && !used.has(h)));
  const missing = [!bib && 'bib', !gender && 'gender', !finish && 'finish time (e.g. "Official Time")'].filter(Boolean);
  if (missing.length > 0) throw new ResultsFileError(`the results file has no column for: ${missing.join(', ')} (headers: ${csv.headers.join(', ')})`);
  for (const header of csv.headers) if (!used.has(header)) warnings.push({ line: 1, field: header, message: `column "${header}" is not used` });
  const columns: ResultsColumns = { bib: bib!, gender: gender!, age, country, splits, finish: finish!, places };

  const rows: ResultRow[] = [];
  const bibLines = new Map<string, number>();
  csv.rows.forEach((raw, index) => {
    const line = index + 2;
    const value = (header: string | undefined) => (header === undefined ? '' : String(raw[header] ?? '').trim());
    const before = problems.length;
    const report = (field: string, message: string) => problems.push({ line, field, message });
    const time = (header: string): number | null => {
      const ms = parseResultTime(value(header));
      if (Number.isNaN(ms)) report(header, `"${value(header)}" is not a time (H:MM:SS or a fraction of a day)`);
      return ms === null || Number.isNaN(ms) ? null : ms;
    };
    const bibValue = value(columns.bib);
    if (!bibValue) report(columns.bib, 'the bib is missing');
    const seen = bibLines.get(bibValue);
    if (bibValue && seen !== undefined) report(columns.bib, `bib ${bibValue} appears twice (also on line ${seen})`);
    else if (bibValue) bibLines.set(bibValue, line);
    const ageValue = value(columns.age);
    if (ageValue && !/^\d{1,3}$/.test(ageValue)) report(columns.age!, `age "${ageValue}" is not a whole number`);
    const splitTimes = columns.splits.map((s) => time(s.header));
    const finishTime = time(columns.finish);
    const place = (header: string | undefined) => {
      const n = Number(value(header));
      return header !== undefined && value(header) !== '' && Number.isInteger(n) ? n : null;
    };
    if (problems.length > before) return;
    rows.push({
      line,
      bib: bibValue,
      gender: value(columns.gender),
      age: ageValue,
      country: value(columns.country),
      splits: splitTimes,
      finish: finishTime,
      places: { overall: place(places.overall), gender: place(places.gender), ageGroup: place(places.ageGroup) },
    });
  });
  return { columns, rows, problems, warnings };
}
