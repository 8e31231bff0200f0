// Which slide the big screen shows: a fixed rotation, briefly interrupted by news (a finish, a new
// leader). Pure: the caller passes the clock, so the timing is testable without waiting.
import type { PanelKind } from './screen-config';

export interface Slide {
  panel: PanelKind;
  /** For panels shown once per race. */
  raceId?: string;
}

/** Panels that show one race at a time; the others show every selected race together. */
const PER_RACE: ReadonlySet<PanelKind> = new Set(['top', 'map', 'podium']);

export function slidesFor(panels: readonly PanelKind[], raceIds: readonly string[]): Slide[] {
  return panels.flatMap((panel) => (PER_RACE.has(panel) ? raceIds.map((raceId) => ({ panel, raceId })) : [{ panel }]));
}

export interface Rotation {
  index: number;
  /** When the current slide (or the resumed one) came up, epoch ms. */
  since: number;
  interrupt: { slide: Slide; until: number } | null;
  /** No news breaks in before this (epoch ms): a stream of finishes must not stop the rotation. */
  quietUntil: number;
}

export const startRotation = (now: number): Rotation => ({ index: 0, since: now, interrupt: null, quietUntil: now });

export function currentSlide(rotation: Rotation, slides: readonly Slide[]): Slide | null {
  if (rotation.interrupt) return rotation.interrupt.slide;
  return slides.length === 0 ? null : slides[rotation.index % slides.length];
}

/** Advance the clock: end an interrupt that is over, or move on when the slide has had its time. */
export function tick(rotation: Rotation, slides: readonly Slide[], slideMs: number, now: number): Rotation {
  if (rotation.interrupt) {
    // After news, the rotation goes on with the next slide rather than the rest of the old one.
    if (now < rotation.interrupt.until) return rotation;
    return { index: (rotation.index + 1) % Math.max(1, slides.length), since: now, interrupt: null, quietUntil: now + 2 * slideMs };
  }
  if (slides.length === 0 || now - rotation.since < slideMs) return rotation;
  return { ...rotation, index: (rotation.index + 1) % slides.length, since: now };
}

/**
 * Show `slide` now for `durationMs`, if the screen is set up to show it, nothing else is breaking in
 * and the rotation has had two slides' time since the last news.
 */
export function interrupt(rotation: Rotation, slides: readonly Slide[], slide: Slide, now: number, durationMs: number): Rotation {
  if (rotation.interrupt || now < rotation.quietUntil) return rotation;
  const known = slides.some((s) => s.panel === slide.panel && (s.raceId === undefined || s.raceId === slide.raceId));
  if (!known) return rotation;
  return { ...rotation, interrupt: { slide, until: now + durationMs } };
}

export const sameSlide = (a: Slide | null, b: Slide | null) => a?.panel === b?.panel && a?.raceId === b?.raceId;
