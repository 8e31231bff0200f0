// The announcer's pin: one runner on the stadium screen for a while ("on the big screen now").
// The request is checked here once, for the HTTP edge; the notice is what every screen receives.
import { z } from 'zod';
import { idSchema } from './domain';
import type { RunnerRow, Places } from './views';

export const PIN_SECONDS = { min: 5, max: 300, default: 30 } as const;

export const screenPinRequestSchema = z
  .object({
    bib: z.string().min(1).max(16).regex(/^[A-Za-z0-9-]+$/, 'may contain only letters, digits and "-"'),
    seconds: z.number().int().min(PIN_SECONDS.min).max(PIN_SECONDS.max).default(PIN_SECONDS.default),
  })
  .strict();
export type ScreenPinRequest = z.input<typeof screenPinRequestSchema>;

export const screenWatchSchema = z.object({ eventId: idSchema }).strict();
export type ScreenWatch = z.infer<typeof screenWatchSchema>;

export interface ScreenPin {
  /** Tells one pin from the next of the same runner. */
  id: string;
  eventId: string;
  raceId: string;
  /**
   * The runner as spectators see them (never a private entrant: those cannot be pinned), with their
   * places when pinned: a screen holds no whole race to place them itself.
   */
  runner: RunnerRow & { places?: Places | null };
  /** Epoch ms on the primary. */
  pinnedAt: number;
  until: number;
}

/** A pin put up or taken down. `remainingMs` is counted at sending, so screens need no synchronised clock. */
export interface ScreenPinNotice {
  eventId: string;
  pin: ScreenPin | null;
  remainingMs: number;
}
