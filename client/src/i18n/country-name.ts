// A country's name in the page's language. The event gives English names; other languages take the
// browser's own (Intl.DisplayNames) from the country's alpha-2 code, else the English name, else the code.
import { useTranslation } from 'react-i18next';
import type { EventInfo } from '../../../shared/domain';

const namers = new Map<string, Intl.DisplayNames | null>();

function namer(language: string): Intl.DisplayNames | null {
  if (!namers.has(language)) {
    try {
      namers.set(language, new Intl.DisplayNames([language], { type: 'region', fallback: 'none' }));
    } catch {
      namers.set(language, null);
    }
  }
  return namers.get(language)!;
}

export function countryName(countries: EventInfo['countries'], code: string, language: string): string {
  const info = countries[code];
  if (language.startsWith('en')) return info?.name ?? code;
  const alpha2 = info?.alpha2?.toUpperCase();
  let local: string | undefined;
  try {
    local = alpha2 ? namer(language)?.of(alpha2) : undefined;
  } catch {
    local = undefined;
  }
  return local ?? info?.name ?? code;
}

/** `countryName` for the language the page shows now. */
export function useCountryName(countries: EventInfo['countries']): (code: string) => string {
  const { i18n } = useTranslation();
  return (code: string) => countryName(countries, code, i18n.language);
}
