// Country values as real entrant and results files write them: ISO alpha-2 or alpha-3, IOC codes
// (GER, SUI, NED, and old ones like SIN, TRI, AHO), or the country's English name, normalised to
// ISO 3166-1 alpha-3 from the maintained world-countries data set. Pure lookups.
import countries from 'world-countries';
import type { CountryInfo } from '../../shared/domain';

interface Country {
  alpha3: string;
  alpha2: string | null;
  name: string;
}

const byCode = new Map<string, Country>();
for (const c of countries) {
  const country = { alpha3: c.cca3, alpha2: c.cca2, name: c.name.common };
  // ISO first, so an IOC code that happens to be another country's ISO code does not win.
  byCode.set(c.cca3, country);
  byCode.set(c.cca2, country);
}
for (const c of countries) if (c.cioc && !byCode.has(c.cioc)) byCode.set(c.cioc, byCode.get(c.cca3)!);

/**
 * IOC codes results files still carry that the data set no longer lists: old codes of countries
 * that now have another, and the Netherlands Antilles (dissolved in 2010; ISO 3166-3 ANT, no flag).
 */
const FORMER_IOC: Record<string, string | Country> = {
  SIN: 'SGP',
  TRI: 'TTO',
  HOL: 'NLD',
  BIR: 'MMR',
  ZAI: 'COD',
  FRG: 'DEU',
  AHO: { alpha3: 'ANT', alpha2: null, name: 'Netherlands Antilles' },
};
for (const [code, target] of Object.entries(FORMER_IOC)) {
  if (byCode.has(code)) continue;
  const country = typeof target === 'string' ? byCode.get(target) : target;
  if (country) byCode.set(code, country);
  if (typeof target !== 'string') byCode.set(target.alpha3, target);
}

/** Names compared without case, accents, punctuation or a leading "the". */
const nameKey = (name: string) =>
  name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/^the /, '');

const byName = new Map<string, Country>();
for (const c of countries) {
  const country = byCode.get(c.cca3)!;
  for (const name of [c.name.common, c.name.official, ...c.altSpellings]) {
    const key = nameKey(name);
    if (key.length > 3 && !byName.has(key)) byName.set(key, country);
  }
}
byName.set(nameKey('Netherlands Antilles'), byCode.get('ANT')!);

export type NormalisedCountry = { code: string; known: true } | { code: string | undefined; known: false; warning: string };

export function normaliseCountry(input: string): NormalisedCountry {
  const text = input.trim();
  const code = text.toUpperCase();
  const found = byCode.get(code) ?? byName.get(nameKey(text));
  if (found) return { code: found.alpha3, known: true };
  // A short unknown code is kept as given (it may be a new code); an unknown name is left out.
  const keep = /^[A-Z]{2,3}$/.test(code);
  return { code: keep ? code : undefined, known: false, warning: `unknown country "${text}", ${keep ? 'kept as given' : 'left out'}` };
}

export function countryInfo(alpha3: string): CountryInfo {
  const found = byCode.get(alpha3);
  return found ? { name: found.name, alpha2: found.alpha2 } : { name: alpha3, alpha2: null };
}
