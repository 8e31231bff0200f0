// One live stage per chosen race (its leaders, latest finishers, who approaches the point: a few
// dozen rows whatever the field), gathered into one map the panels read (or, reloaded without the
// server, the stage kept from before). A component per race because useRaceStage is a hook and the
// number of races comes from the URL.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RaceStage } from '../../../shared/stage';
import { useKeptStage } from '../offline/kept-race';
import { useRaceStage } from './use-race-stage';

export type RaceStates = Map<string, RaceStage>;

function RaceFeed({ eventId, raceId, point, onChange }: { eventId: string; raceId: string; point: string; onChange: (raceId: string, state: RaceStage) => void }) {
  const { stage: live } = useRaceStage(eventId, raceId, point);
  // Reloaded without the server: the stage kept from before, until the live one comes.
  const stage = useKeptStage(eventId, raceId, live);
  useEffect(() => {
    if (stage) onChange(raceId, stage);
  }, [stage, raceId, onChange]);
  return null;
}

/** `point`: where the approaching runners are headed ("finish" or a timing point id). */
export function RaceFeeds({ eventId, raceIds, point = 'finish', onChange }: { eventId: string; raceIds: readonly string[]; point?: string; onChange: (raceId: string, state: RaceStage) => void }) {
  return (
    <>
      {raceIds.map((id) => (
        <RaceFeed key={id} eventId={eventId} raceId={id} point={point} onChange={onChange} />
      ))}
    </>
  );
}

/** Updates of all races within this window make one render: a screen read from the stands needs no more. */
const RENDER_EVERY_MS = 250;

/** Holder for the gathered states: the map is kept, `version` changes (at most every 250 ms) with updates. */
export function useRaceStates(): { states: RaceStates; version: number; onChange: (raceId: string, state: RaceStage) => void } {
  const [holder] = useState(() => new Map<string, RaceStage>());
  const [version, setVersion] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const onChange = useCallback(
    (raceId: string, state: RaceStage) => {
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
