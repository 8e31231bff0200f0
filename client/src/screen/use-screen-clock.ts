// Timers of the screen: a ticking "now" for countdowns, and the type size that follows the viewport.
import { useEffect, useState } from 'react';

export function useNow(everyMs: number, read: () => number): number {
  const [now, setNow] = useState(read);
  useEffect(() => {
    const timer = setInterval(() => setNow(read()), everyMs);
    return () => clearInterval(timer);
    // `read` is a fresh closure each render; the timer only needs the first.
  }, [everyMs]);
  return now;
}

/** The screen's base type size in px (its CSS size is in viewport units), for the chart's SVG text. */
export function useViewportFont(): number {
  const measure = () => Math.min(window.innerHeight * 0.034, window.innerWidth * 0.0191);
  const [px, setPx] = useState(measure);
  useEffect(() => {
    const onResize = () => setPx(measure());
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return px;
}

/** The viewport's height in px, for what is sized in pixels (the map's dots and labels). */
export function useViewportHeight(): number {
  const [h, setH] = useState(() => window.innerHeight);
  useEffect(() => {
    const onResize = () => setH(window.innerHeight);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return h;
}
