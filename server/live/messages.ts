// What the primary sends to every instance over the bus, and the full state a new instance loads.
import type { EventInfo } from '../../shared/domain';
import type { RaceCounters, RaceDelta, RunnerDetail } from '../../shared/views';

export const liveChannel = (prefix: string) => `${prefix}:live`;

export interface RaceState {
  seq: number;
  counters: RaceCounters;
  runners: RunnerDetail[];
}

export interface EventState {
  info: EventInfo;
  races: Record<string, RaceState>;
}

export type LiveMessage =
  | { kind: 'delta'; origin: string; delta: RaceDelta }
  /** The set-up changed: instances fetch the event's state again. */
  | { kind: 'setup'; origin: string; eventId: string };
