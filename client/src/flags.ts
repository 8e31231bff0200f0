// Country flags as regional-indicator emoji, from the event's alpha-3 → alpha-2 map.
import type { EventInfo } from '../../shared/domain';

export function flagEmoji(alpha2: string | null | undefined): string {
  if (!alpha2 || !/^[A-Za-z]{2}$/.test(alpha2)) return '';
  return String.fromCodePoint(...[...alpha2.toUpperCase()].map((c) => 0x1f1e6 + c.charCodeAt(0) - 65));
}

export function countryFlag(countries: EventInfo['countries'], code: string | null | undefined): string {
  return code ? flagEmoji(countries[code]?.alpha2) : '';
}
