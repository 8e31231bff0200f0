// The full state of an event, as a new or resyncing instance loads it from the primary.
import type { EventInfo } from '../../shared/domain';
import type { RaceCounters, RunnerDetail } from '../../shared/views';

export interface RaceState {
  seq: number;
  counters: RaceCounters;
  runners: RunnerDetail[];
}

export interface EventState {
  info: EventInfo;
  races: Record<string, RaceState>;
}
