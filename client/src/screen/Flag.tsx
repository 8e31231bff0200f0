// A country's flag as an SVG image (flag-icons), so it shows on any screen: emoji flags need a
// colour-emoji font that stadium PCs and Windows do not have. The alpha-2 code comes from the
// event's countries. Only URLs are bundled; a flag's file loads when it is first shown.
import type { EventInfo } from '../../../shared/domain';

const FLAG_URLS = import.meta.glob<string>('../../../node_modules/flag-icons/flags/4x3/*.svg', { query: '?url&no-inline', import: 'default', eager: true });
const byCode = new Map(Object.entries(FLAG_URLS).map(([path, url]) => [path.slice(path.lastIndexOf('/') + 1, -4), url]));

export function Flag({ countries, code }: { countries: EventInfo['countries']; code: string | null }) {
  const alpha2 = code ? countries[code]?.alpha2?.toLowerCase() : undefined;
  const url = alpha2 ? byCode.get(alpha2) : undefined;
  if (!url) return <span className="flag flag-none" aria-hidden="true" />;
  return <img className="flag" src={url} alt={countries[code!]?.name ?? code!} title={code!} draggable={false} />;
}
