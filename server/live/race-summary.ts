// A race's overview figures (counters, finish histogram, runners per country), computed once per
// race update for every socket showing the overview: a few hundred bytes instead of the whole field.
import { summarize, type RaceSummary } from '../../shared/race-view';
import type { EventMirror } from './event-mirror';

export function raceSummary(mirror: EventMirror, raceId: string): RaceSummary | undefined {
  const counters = mirror.counters(raceId);
  const seq = mirror.seq(raceId);
  if (!counters || seq === undefined) return undefined;
  const ranking = mirror.info.races.find((r) => r.id === raceId)?.ranking;
  return mirror.memo(raceId, 'summary', () => ({ eventId: mirror.info.id, raceId, seq, counters, ...summarize(mirror.publicRows(raceId), ranking) }));
}
