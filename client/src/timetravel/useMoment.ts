// The moment the race page looks at: `?at=<ISO time>` in the URL (so it can be shared), null for
// live. Playing moves it on at ×1, ×10 or ×60; the URL follows, replacing history entries.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { parseMoment } from '../../../shared/moment';

export const SPEEDS = [1, 10, 60] as const;
export type Speed = (typeof SPEEDS)[number];

const TICK_MS = 500;

export interface Moment {
  at: number | null;
  /** What is wrong with the URL's `at`, when it cannot be read. */
  error: string | null;
  setAt(at: number | null): void;
  playing: boolean;
  setPlaying(playing: boolean): void;
  speed: Speed;
  setSpeed(speed: Speed): void;
}

export function useMoment(limit: number | null): Moment {
  const [params, setParams] = useSearchParams();
  const raw = params.get('at');
  const parsed = useMemo(() => (raw === null ? null : parseMoment(raw)), [raw]);
  const at = parsed?.ok ? parsed.at : null;
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<Speed>(1);

  const setAt = useCallback(
    (next: number | null) => {
      setParams(
        (p) => {
          const copy = new URLSearchParams(p);
          if (next === null) copy.delete('at');
          else copy.set('at', new Date(Math.round(next)).toISOString());
          return copy;
        },
        { replace: true },
      );
      if (next === null) setPlaying(false);
    },
    [setParams],
  );

  // Playing: the moment moves on with the wall clock × speed, until the last read.
  const atRef = useRef(at);
  atRef.current = at;
  useEffect(() => {
    if (!playing || atRef.current === null) return;
    const timer = setInterval(() => {
      const now = atRef.current;
      if (now === null) return;
      const next = now + TICK_MS * speed;
      if (limit !== null && next >= limit) {
        setAt(limit);
        setPlaying(false);
      } else setAt(next);
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [playing, speed, limit, setAt]);

  return { at, error: parsed && !parsed.ok ? parsed.error : null, setAt, playing, setPlaying, speed, setSpeed };
}
