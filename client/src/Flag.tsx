// A country's flag as an SVG image (flag-icons), so it shows on any screen: emoji flags need a
// colour-emoji font that stadium PCs and Windows do not have. The alpha-2 code comes from the
// event's countries. Only URLs are bundled; the event's flags are fetched once, up front, so a flag
// first needed while the server is away still shows.
import { useEffect, useState } from 'react';
import type { EventInfo } from '../../shared/domain';
import { useCountryName } from './i18n/country-name';

const FLAG_URLS = import.meta.glob<string>('../../node_modules/flag-icons/flags/4x3/*.svg', { query: '?url&no-inline', import: 'default', eager: true });
const byCode = new Map(Object.entries(FLAG_URLS).map(([path, url]) => [path.slice(path.lastIndexOf('/') + 1, -4), url]));

export const flagUrl = (countries: EventInfo['countries'], code: string | null) => {
  const alpha2 = code ? countries[code]?.alpha2?.toLowerCase() : undefined;
  return alpha2 ? byCode.get(alpha2) : undefined;
};

/** Load the flags of every country of the event into the browser's cache (at most a few hundred). */
export function usePreloadedFlags(countries: EventInfo['countries'] | undefined): void {
  useEffect(() => {
    if (!countries) return;
    const images = Object.keys(countries).flatMap((code) => {
      const url = flagUrl(countries, code);
      if (!url) return [];
      const img = new Image();
      img.src = url;
      return [img];
    });
    return () => {
      for (const img of images) img.src = '';
    };
  }, [countries]);
}

export function Flag({ countries, code }: { countries: EventInfo['countries']; code: string | null }) {
  const url = flagUrl(countries, code);
  const [failed, setFailed] = useState<string | null>(null);
  const name = useCountryName(countries);
  if (!url || failed === url) return <span className="flag flag-none" aria-hidden="true" />;
  return <img className="flag" src={url} alt={name(code!)} title={code!} draggable={false} onError={() => setFailed(url)} />;
}
