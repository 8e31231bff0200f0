// A race's overview figures (counters, finish histogram, runners per country), computed once per
// race update for every socket showing the overview: a few hundred bytes instead of the whole field.
import { finishHistogram, perCountry, type RaceSummary } from '../../shared/race-view';
import { latestReadTime } from '../../shared/latest-read';
import type { EventMirror } from './event-mirror';

export function raceSummary(mirror: EventMirror, raceId: string): RaceSummary | undefined {
  const counters = mirror.counters(raceId);
  const seq = mirror.seq(raceId);
  if (!counters || seq === undefined) return undefined;
  return mirror.memo(raceId, 'summary', () => {
    const rows = mirror.publicRows(raceId);
    const ranking = mirror.info.races.find((r) => r.id === raceId)?.ranking;
    const times: number[] = [];
    for (const r of rows) {
      const time = ranking === 'gun' ? r.gunTime : r.netTime;
      if (r.status === 'finished' && time !== null) times.push(time);
    }
    return { eventId: mirror.info.id, raceId, seq, counters, histogram: finishHistogram(times), countries: perCountry(rows), lastRead: latestReadTime(rows) };
  });
}
