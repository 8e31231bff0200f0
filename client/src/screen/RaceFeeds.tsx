// One live stage per chosen race (its leaders, latest finishers, who approaches the point: a few
// dozen rows whatever the field) and, when a map is among the panels, its field; gathered into maps
// the panels read (or, reloaded without the server, what was kept from before). Fields are taken for
// as long as the screen runs, so a map coming up in the rotation draws its runners at once. A
// component per race because the feeds are hooks and the number of races comes from the URL.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Field } from '../../../shared/field-state';
import type { RaceStage } from '../../../shared/stage';
import { useField } from '../map/useField';
import { useKeptField, useKeptStage } from '../offline/kept-race';
import { useRaceStage } from './use-race-stage';

export type RaceStates = Map<string, RaceStage>;
/** Each race's field with its version (the columns change in place). */
export type RaceFields = Map<string, { field: Field; version: number }>;

interface FeedProps {
  eventId: string;
  point: string;
  withField: boolean;
  onChange: (raceId: string, state: RaceStage) => void;
  onField: (raceId: string, field: Field, version: number) => void;
}

function RaceFeed({ eventId, raceId, point, withField, onChange, onField }: FeedProps & { raceId: string }) {
  const { stage: live } = useRaceStage(eventId, raceId, point);
  // Reloaded without the server: the stage kept from before, until the live one comes.
  const stage = useKeptStage(eventId, raceId, live);
  const liveField = useField(eventId, raceId, withField);
  const field = useKeptField(eventId, raceId, liveField.field, liveField.version);
  useEffect(() => {
    if (stage) onChange(raceId, stage);
  }, [stage, raceId, onChange]);
  useEffect(() => {
    if (field) onField(raceId, field, liveField.version);
  }, [field, liveField.version, raceId, onField]);
  return null;
}

/** `point`: where the approaching runners are headed ("finish" or a timing point id); `withField`: a map is shown. */
export function RaceFeeds({ raceIds, point = 'finish', withField = false, ...props }: Omit<FeedProps, 'point' | 'withField'> & { raceIds: readonly string[]; point?: string; withField?: boolean }) {
  return (
    <>
      {raceIds.map((id) => (
        <RaceFeed key={id} raceId={id} point={point} withField={withField} {...props} />
      ))}
    </>
  );
}

/** Updates of all races within this window make one render: a screen read from the stands needs no more. */
const RENDER_EVERY_MS = 250;

/** Holder for the gathered states: the map is kept, `version` changes (at most every 250 ms) with updates. */
export function useRaceStates(): {
  states: RaceStates;
  fields: RaceFields;
  version: number;
  onChange: (raceId: string, state: RaceStage) => void;
  onField: (raceId: string, field: Field, version: number) => void;
} {
  const [holder] = useState(() => new Map<string, RaceStage>());
  const [fields] = useState<RaceFields>(() => new Map());
  const [version, setVersion] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const changed = useCallback((first: boolean) => {
    if (first) setVersion((v) => v + 1);
    else if (!timer.current) {
      timer.current = setTimeout(() => {
        timer.current = null;
        setVersion((v) => v + 1);
      }, RENDER_EVERY_MS);
    }
  }, []);
  const onChange = useCallback(
    (raceId: string, state: RaceStage) => {
      const first = !holder.has(raceId);
      holder.set(raceId, state);
      changed(first);
    },
    [holder, changed],
  );
  const onField = useCallback(
    (raceId: string, field: Field, fieldVersion: number) => {
      const first = fields.get(raceId)?.field !== field;
      fields.set(raceId, { field, version: fieldVersion });
      changed(first);
    },
    [fields, changed],
  );
  return { states: holder, fields, version, onChange, onField };
}
