// The event set-up: races, courses, timing points and entrants.
// One schema serves the organizer's import, the demo, storage and the client.
import { z } from 'zod';
import { entrantStatusSchema } from './board/statuses';
import { MAX_READ_WINDOW_DAYS } from './read-window';
import { epochMsSchema, isCalendarDate } from './time-input';
import { historyFileSchema, MAX_HISTORY_FILES } from './course-history';

export const idSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'may contain only letters, digits, ".", "_" and "-"');

/** Epoch milliseconds, 1970 to the end of year 9999. */
export { epochMsSchema };

/** A day "YYYY-MM-DD" that exists on the calendar. */
export const calendarDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD').refine(isCalendarDate, 'is not a date on the calendar');

/** Days either side of the event's date in which reads, splits and GPS fixes are accepted. */
export const readWindowDaysSchema = z.number().int().min(0).max(MAX_READ_WINDOW_DAYS);

export const genderSchema = z.enum(['M', 'F', 'X']);
export type Gender = z.infer<typeof genderSchema>;

export const timingPointKindSchema = z.enum(['start', 'split', 'finish', 'lap']);

export const timingPointSchema = z.object({
  id: idSchema,
  name: z.string().min(1).max(80),
  kind: timingPointKindSchema,
  /** Metres along the course from the start line (for a lap mat: its place on the loop). */
  distance: z.number().min(0).max(1_000_000),
  /** Reads of one chip here within this many seconds are one passing (the first counts). */
  dedupWindowSeconds: z.number().min(0).max(3600).optional(),
  /** Map position, when the course geometry is known. */
  position: z.tuple([z.number(), z.number()]).optional(),
});
export type TimingPoint = z.infer<typeof timingPointSchema>;

export const waveSchema = z.object({
  id: idSchema,
  name: z.string().min(1).max(80),
  /** Gun time of this wave (epoch ms); null until the gun goes. */
  gunTime: epochMsSchema.nullable(),
});
export type Wave = z.infer<typeof waveSchema>;

export const loopSchema = z.object({
  /** Length of one lap in metres. */
  length: z.number().positive().max(100_000),
  /** The timing point every lap is counted at. */
  lapPoint: idSchema,
  /** Laps that make the race; the passing that completes the last one is the finish. */
  laps: z.number().int().positive().max(10_000),
  /** Lap-mat reads sooner than this after a runner's start are the start crossing, not a lap. */
  minLapSeconds: z.number().min(0).max(86_400).optional(),
});
export type Loop = z.infer<typeof loopSchema>;

/** [longitude, latitude] as in GeoJSON. */
export const lonLatSchema = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
export type LonLat = z.infer<typeof lonLatSchema>;

export const rankingSchema = z.enum(['net', 'gun']);

export const raceSchema = z
  .object({
    id: idSchema,
    name: z.string().min(1).max(120),
    kind: z.enum(['point-to-point', 'loop']),
    /** Race distance in metres. */
    distance: z.number().positive().max(1_000_000),
    /** Gun time of the race (epoch ms), for entrants not in a wave with its own gun. */
    gunTime: epochMsSchema.nullable(),
    waves: z.array(waveSchema).max(100).default([]),
    timingPoints: z.array(timingPointSchema).min(1).max(500),
    loop: loopSchema.optional(),
    /** Course line (point to point: start to finish; loop: one lap). */
    course: z.array(lonLatSchema).max(100_000).optional(),
    /** Lower bounds of the age groups, in years (e.g. 18, 35, 40 …). */
    ageGroups: z.array(z.number().int().min(0).max(120)).max(40).default([]),
    /** Places by net (chip) time or by gun time. */
    ranking: rankingSchema.default('net'),
    /** Time limit in seconds from the gun; reads after it are not scored. */
    cutoffSeconds: z.number().positive().max(30 * 86_400).optional(),
    /** Earlier years' results on this course, summed up: the projections' prior (docs/engine-models.md). */
    history: z.array(historyFileSchema).max(MAX_HISTORY_FILES).optional(),
  })
  .superRefine((race, ctx) => {
    const ids = new Set<string>();
    for (const point of race.timingPoints) {
      if (ids.has(point.id)) ctx.addIssue({ code: 'custom', message: `timing point "${point.id}" appears twice` });
      ids.add(point.id);
    }
    if (race.kind === 'loop') {
      if (!race.loop) ctx.addIssue({ code: 'custom', message: 'a loop race needs "loop" (length, lapPoint, laps)' });
      else if (!ids.has(race.loop.lapPoint))
        ctx.addIssue({ code: 'custom', message: `lap point "${race.loop.lapPoint}" is not one of the race's timing points` });
    } else if (!race.timingPoints.some((p) => p.kind === 'finish')) {
      ctx.addIssue({ code: 'custom', message: 'a point-to-point race needs a timing point of kind "finish"' });
    }
    const waveIds = new Set<string>();
    for (const wave of race.waves) {
      if (waveIds.has(wave.id)) ctx.addIssue({ code: 'custom', message: `wave "${wave.id}" appears twice` });
      waveIds.add(wave.id);
    }
  });
export type Race = z.infer<typeof raceSchema>;

/** A division's name, lower case (wheelchair, handcycle, elite, or the organizer's own). */
export const divisionSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(32)
  .regex(/^[a-z0-9][a-z0-9 _-]*$/, 'may contain only letters, digits, spaces, "_" and "-"');

export { entrantStatusSchema, type EntrantStatus } from './board/statuses';

export const entrantSchema = z.object({
  bib: z.string().min(1).max(16).regex(/^[A-Za-z0-9-]+$/, 'may contain only letters, digits and "-"'),
  chip: z.string().min(1).max(64).optional(),
  name: z.string().min(1).max(120),
  gender: genderSchema,
  birthYear: z.number().int().min(1900).max(2100).optional(),
  /** Age on race day; wins over birthYear when both are given. */
  age: z.number().int().min(0).max(120).optional(),
  /** An explicit age-group label, when the organizer assigns one. */
  ageGroup: z.string().min(1).max(16).optional(),
  /** ISO 3166-1 alpha-3 code (normalised at import), or the code as given when unknown. */
  country: z.string().min(2).max(3).optional(),
  raceId: idSchema,
  waveId: idSchema.optional(),
  /** Manual status set by race control; the engine derives on-course and finished from the reads. */
  status: entrantStatusSchema.default('registered'),
  statusReason: z.string().max(200).optional(),
  /** Kept from spectators entirely (lists, search, map, runner page, sockets); counted in the counters. */
  private: z.boolean().default(false),
  /** Division from the entrant file (e.g. wheelchair, handcycle, elite): the pace checks use its records. */
  division: divisionSchema.optional(),
  /** Seed or declared finish time in seconds: the expected pace before any mat has read the runner. */
  seedSeconds: z.number().positive().max(30 * 86_400).optional(),
});
export type Entrant = z.infer<typeof entrantSchema>;

export const eventSetupSchema = z
  .object({
    id: idSchema,
    name: z.string().min(1).max(160),
    /** IANA time zone of the venue, for time-of-day display. */
    timeZone: z.string().min(1).max(64).default('UTC'),
    /** Day of the event (YYYY-MM-DD), used for ages from birth years. */
    date: calendarDateSchema,
    /** Reads, splits and GPS fixes are accepted from midnight this many days before the date to midnight as many days after it (default 1). */
    readWindowDays: readWindowDaysSchema.optional(),
    races: z.array(raceSchema).min(1).max(50),
    entrants: z.array(entrantSchema).max(200_000),
    /** Default duplicate window in seconds for timing points that do not set their own. */
    dedupWindowSeconds: z.number().min(0).max(3600).default(30),
    /** A rehearsal: a past race or a results file played again before race day, marked on every page. */
    rehearsal: z.boolean().optional(),
  })
  .superRefine((event, ctx) => {
    const raceIds = new Set(event.races.map((r) => r.id));
    if (raceIds.size !== event.races.length) ctx.addIssue({ code: 'custom', message: 'race ids must be unique' });
    const bibs = new Set<string>();
    const chips = new Set<string>();
    event.entrants.forEach((e, i) => {
      if (bibs.has(e.bib)) ctx.addIssue({ code: 'custom', path: ['entrants', i, 'bib'], message: `bib ${e.bib} appears twice` });
      bibs.add(e.bib);
      if (e.chip) {
        if (chips.has(e.chip)) ctx.addIssue({ code: 'custom', path: ['entrants', i, 'chip'], message: `chip ${e.chip} appears twice` });
        chips.add(e.chip);
      }
      if (!raceIds.has(e.raceId))
        ctx.addIssue({ code: 'custom', path: ['entrants', i, 'raceId'], message: `unknown race "${e.raceId}"` });
    });
  });
export type EventSetup = z.infer<typeof eventSetupSchema>;
export type EventSetupInput = z.input<typeof eventSetupSchema>;

/** What spectators see of an event: everything but the entrant list. */
export type EventInfo = Omit<EventSetup, 'entrants'> & {
  entrantCount: number;
  countries: Record<string, CountryInfo>;
};

export interface CountryInfo {
  name: string;
  /** ISO 3166-1 alpha-2, for the flag. */
  alpha2: string | null;
}
