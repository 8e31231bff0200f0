// The event's set-up and every chosen race's live rows, for views that show several races at once.
// Built on the app's one socket owner (LiveProvider) and its race store (useRace): this only
// gathers them. Whatever was last received stays while the connection is down.
import type { EventInfo, Race } from '../../../shared/domain';
import { useEventInfoLive } from '../live/useEventInfoLive';

export { useEventInfoLive };

/** The event's races named in `ids` (in that order), or all of them when `ids` is empty. */
export function chosenRaces(info: EventInfo, ids: readonly string[]): Race[] {
  if (ids.length === 0) return info.races;
  return ids.flatMap((id) => info.races.filter((r) => r.id === id));
}
