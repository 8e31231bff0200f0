// The public description of an event: races and timing points, without the entrant list.
import type { EventInfo, EventSetup } from '../../shared/domain';
import { countryInfo } from '../setup/countries';

export function eventInfo(setup: EventSetup): EventInfo {
  const { entrants, ...rest } = setup;
  const countries: EventInfo['countries'] = {};
  // Countries of public entrants only: a private entrant's country would tell they are there.
  for (const e of entrants) if (e.country && !e.private && !countries[e.country]) countries[e.country] = countryInfo(e.country);
  // A race's course history is the engine's (tens of kilobytes of cells): spectators get none of it.
  const races = rest.races.map(({ history: _history, ...race }) => race);
  return { ...rest, races, entrantCount: entrants.length, countries };
}
