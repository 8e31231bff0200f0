// The public description of an event: races and timing points, without the entrant list.
import type { EventInfo, EventSetup } from '../../shared/domain';
import { countryInfo } from '../setup/countries';

export function eventInfo(setup: EventSetup): EventInfo {
  const { entrants, ...rest } = setup;
  const countries: EventInfo['countries'] = {};
  for (const e of entrants) if (e.country && !countries[e.country]) countries[e.country] = countryInfo(e.country);
  return { ...rest, entrantCount: entrants.length, countries };
}
