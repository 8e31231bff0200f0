// The big screen is set up by its URL alone (it runs unattended, nobody clicks):
// /screen/<event>?races=marathon,women-10k&panels=latest,top&seconds=12&horizon=5&top=5
import { z } from 'zod';

export const PANELS = ['top', 'latest', 'approaching', 'counters', 'nations', 'map', 'clock', 'podium'] as const;
export type PanelKind = (typeof PANELS)[number];

export interface ScreenConfig {
  /** Race ids to show; empty for every race of the event. */
  races: string[];
  panels: PanelKind[];
  secondsPerPanel: number;
  /** How far ahead "approaching the finish" looks. */
  horizonMs: number;
  /** Rows in each top-finisher table. */
  topCount: number;
}

export const DEFAULT_SCREEN_CONFIG: ScreenConfig = {
  races: [],
  panels: [...PANELS],
  secondsPerPanel: 12,
  horizonMs: 5 * 60_000,
  topCount: 5,
};

const csv = (s: string) => [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))];

/** One schema per parameter, each giving the setting it stands for. */
const fields = {
  races: z.string().transform(csv).pipe(z.array(z.string().max(64)).min(1, 'name at least one race')),
  panels: z
    .string()
    .transform(csv)
    .pipe(z.array(z.enum(PANELS, { error: `panels are ${PANELS.join(', ')}` })).min(1, 'name at least one panel')),
  seconds: z.coerce.number().min(3).max(600),
  horizon: z.coerce.number().min(1).max(60),
  top: z.coerce.number().int().min(1).max(10),
};

/** The screen's settings from its URL; a bad parameter keeps its default and is reported, the rest still apply. */
export function parseScreenConfig(search: string): { config: ScreenConfig; problems: string[] } {
  const params = new URLSearchParams(search);
  const config = { ...DEFAULT_SCREEN_CONFIG };
  const problems: string[] = [];
  const take = <K extends keyof typeof fields>(key: K, apply: (value: z.output<(typeof fields)[K]>) => void) => {
    const raw = params.get(key);
    if (raw === null) return;
    const parsed = fields[key].safeParse(raw);
    if (parsed.success) apply(parsed.data as z.output<(typeof fields)[K]>);
    else problems.push(`${key}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  };
  take('races', (v) => (config.races = v));
  take('panels', (v) => (config.panels = v));
  take('seconds', (v) => (config.secondsPerPanel = v));
  take('horizon', (v) => (config.horizonMs = v * 60_000));
  take('top', (v) => (config.topCount = v));
  return { config, problems };
}
