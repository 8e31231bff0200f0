// One live subscription per chosen race, gathered into one map the panels read (or, reloaded without
// the server, the state kept from before). A component per race because useRace is a hook and the
// number of races comes from the URL.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useRace } from '../live/useRace';
import type { RaceState } from '../live/race-state';
import { useKeptRace } from '../offline/kept-race';

export type RaceStates = Map<string, RaceState>;

function RaceFeed({ eventId, raceId, onChange }: { eventId: string; raceId: string; onChange: (raceId: string, state: RaceState) => void }) {
  const { race: live, version } = useRace(eventId, raceId);
  // Reloaded without the server: the state kept from before, until the live one comes.
  const race = useKeptRace(eventId, raceId, live, version);
  useEffect(() => {
    if (race) onChange(raceId, race);
  }, [race, version, raceId, onChange]);
  return null;
}

export function RaceFeeds({ eventId, raceIds, onChange }: { eventId: string; raceIds: readonly string[]; onChange: (raceId: string, state: RaceState) => void }) {
  return (
    <>
      {raceIds.map((id) => (
        <RaceFeed key={id} eventId={eventId} raceId={id} onChange={onChange} />
      ))}
    </>
  );
}

/** Updates of all races within this window make one render: a screen read from the stands needs no more. */
const RENDER_EVERY_MS = 250;

/** Holder for the gathered states: the map is kept, `version` changes (at most every 250 ms) with updates. */
export function useRaceStates(): { states: RaceStates; version: number; onChange: (raceId: string, state: RaceState) => void } {
  const [holder] = useState(() => new Map<string, RaceState>());
  const [version, setVersion] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const onChange = useCallback(
    (raceId: string, state: RaceState) => {
      const first = !holder.has(raceId);
      holder.set(raceId, state);
      if (first) setVersion((v) => v + 1);
      else if (!timer.current) {
        timer.current = setTimeout(() => {
          timer.current = null;
          setVersion((v) => v + 1);
        }, RENDER_EVERY_MS);
      }
    },
    [holder],
  );
  return { states: holder, version, onChange };
}
