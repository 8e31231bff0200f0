import type { EventInfo, Race } from '../../../shared/domain';
import type { RaceState } from '../live/race-state';
export function Overview(_: { info: EventInfo; race: Race; state: RaceState; version: number }) {
  return <div />;
}
