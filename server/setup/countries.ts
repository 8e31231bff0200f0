// Country codes as results files write them (ISO alpha-2, alpha-3, or IOC like GER, SUI, NED),
// normalised to ISO 3166-1 alpha-3 from the world-countries data set.
import countries from 'world-countries';
import type { CountryInfo } from '../../shared/domain';

interface Country {
  alpha3: string;
  alpha2: string;
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

export type NormalisedCountry = { code: string; known: true } | { code: string; known: false; warning: string };

export function normaliseCountry(input: string): NormalisedCountry {
  const code = input.trim().toUpperCase();
  const found = byCode.get(code);
  if (found) return { code: found.alpha3, known: true };
  return { code, known: false, warning: `unknown country code "${input.trim()}", kept as given` };
}

export function countryInfo(alpha3: string): CountryInfo {
  const found = byCode.get(alpha3);
  return found ? { name: found.name, alpha2: found.alpha2 } : { name: alpha3, alpha2: null };
}
