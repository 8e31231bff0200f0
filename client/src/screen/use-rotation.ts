// Drives the rotation on a timer and turns news into interruptions: a new finish shows the latest
// finishers, a new leader shows that race's top. The first data after loading (or after a resync)
// is not news: it only sets what later changes are compared with.
import { useEffect, useRef, useState } from 'react';
import { changedLeaders } from './screen-selectors';
import { currentSlide, interrupt, startRotation, tick, type Rotation, type Slide } from './rotation';

/** How long news stays up before the rotation goes on (at most one slide's time). */
export const NEWS_MS = 8_000;

export interface News {
  /** Epoch ms of the latest finish seen; null before any. */
  lastFinish: number | null;
  /** Leader per race and gender ("race/gender" → bib). */
  leaders: Map<string, string>;
}

/** `ready`: the first data is in; the first slide gets its full time from then, not from page load. */
export function useRotation(slides: Slide[], slideMs: number, news: News | null, ready: boolean): Slide | null {
  const [rotation, setRotation] = useState<Rotation>(() => startRotation(Date.now()));
  const slidesRef = useRef(slides);
  slidesRef.current = slides;

  useEffect(() => {
    if (ready) setRotation(startRotation(Date.now()));
  }, [ready]);

  useEffect(() => {
    const timer = setInterval(() => setRotation((r) => tick(r, slidesRef.current, slideMs, Date.now())), 250);
    return () => clearInterval(timer);
  }, [slideMs]);

  const seenFinish = useRef<number | null | undefined>(undefined);
  const seenLeaders = useRef<Map<string, string>>(new Map());
  useEffect(() => {
    if (!news) return;
    const before = seenFinish.current;
    seenFinish.current = news.lastFinish;
    const newLeaders = changedLeaders(seenLeaders.current, news.leaders);
    seenLeaders.current = news.leaders;
    const now = Date.now();
    const newsMs = Math.min(NEWS_MS, slideMs);
    if (before !== undefined && news.lastFinish !== null && (before === null || news.lastFinish > before)) {
      setRotation((r) => interrupt(r, slidesRef.current, { panel: 'latest' }, now, newsMs));
    } else if (newLeaders.length > 0) {
      setRotation((r) => interrupt(r, slidesRef.current, { panel: 'top', raceId: newLeaders[0] }, now, newsMs));
    }
  }, [news, slideMs]);

  return currentSlide(rotation, slides);
}
