// What travels between instances on the bus, as schemas: every instance validates a message where
// it arrives, so a malformed or foreign message is dropped instead of reaching the live state.
import { z } from 'zod';
import { runnerStatusSchema } from './board/statuses';
import { genderSchema } from './domain';
import type { RunnerPosition } from './socket-events';
import type { ScreenPin } from './screen-pin';
import type { RaceCounters, RaceDelta, RunnerDetail, RunnerRow, Split } from './views';

const ms = z.number();
const nullableMs = ms.nullable();

const splitSchema = z.object({
  point: z.string(),
  name: z.string(),
  distance: z.number(),
  lap: z.number().optional(),
  time: ms,
  gun: nullableMs,
  net: nullableMs,
  segmentPace: z.number().nullable(),
  inferred: z.boolean().optional(),
  place: z.number().nullable().optional(),
}) satisfies z.ZodType<Split>;

const runnerRowSchema = z.object({
  bib: z.string(),
  name: z.string().nullable(),
  gender: genderSchema,
  ageGroup: z.string().nullable(),
  country: z.string().nullable(),
  raceId: z.string(),
  status: runnerStatusSchema,
  private: z.boolean(),
  lastPoint: z.string().nullable(),
  lastDistance: z.number(),
  lastTime: nullableMs,
  lastNet: nullableMs,
  lastGun: nullableMs,
  startTime: nullableMs,
  netTime: nullableMs,
  gunTime: nullableMs,
  laps: z.number().nullable(),
  pace: z.number().nullable(),
  projectedNet: nullableMs,
  projectedRange: z.tuple([ms, ms]).nullable(),
  nextPoint: z.string().nullable(),
  nextEta: nullableMs,
  nextEtaRange: z.tuple([ms, ms]).nullable(),
  flags: z.array(z.string()),
}) satisfies z.ZodType<RunnerRow>;

const runnerDetailSchema = runnerRowSchema.extend({
  splits: z.array(splitSchema),
  waveId: z.string().nullable(),
}) satisfies z.ZodType<RunnerDetail>;

const countersSchema = z.object({
  registered: z.number(),
  started: z.number(),
  onCourse: z.number(),
  finished: z.number(),
  dnf: z.number(),
  dns: z.number(),
  dq: z.number(),
}) satisfies z.ZodType<RaceCounters>;

export const raceDeltaSchema = z.object({
  eventId: z.string(),
  raceId: z.string(),
  seq: z.number().int().positive(),
  counters: countersSchema,
  runners: z.array(runnerDetailSchema),
  removed: z.array(z.string()),
}) satisfies z.ZodType<RaceDelta>;

/**
 * A race delta as it travels between instances: a runner's splits are only those after the first
 * `splitsKept`, which the receiver has in its copy of the runner in this race (a major's runner has
 * 35 splits, and most changes add one).
 */
export const busDeltaSchema = raceDeltaSchema.extend({
  runners: z.array(runnerDetailSchema.extend({ splitsKept: z.number().int().nonnegative().optional() })),
});

export type BusDelta = z.infer<typeof busDeltaSchema>;

export const runnerPositionSchema = z.object({
  eventId: z.string(),
  raceId: z.string(),
  bib: z.string(),
  position: z.tuple([z.number(), z.number()]),
  distance: z.number(),
  time: ms,
  speed: z.number().nullable(),
}) satisfies z.ZodType<RunnerPosition>;

const screenPinSchema = z.object({
  id: z.string(),
  eventId: z.string(),
  raceId: z.string(),
  runner: runnerRowSchema,
  pinnedAt: ms,
  until: ms,
}) satisfies z.ZodType<ScreenPin>;

/**
 * Every message names the instance that sent it (`origin`): an instance ignores its own. `term` is
 * the leader's term (server/cluster/leadership.ts): a message of an older term than one already
 * seen comes from a former leader and is dropped.
 */
const from = { origin: z.string(), term: z.number().int().nonnegative().default(0) };
export const busMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('delta'), ...from, delta: busDeltaSchema }),
  /** The set-up changed, or a primary (re)started: instances fetch the event's state again. */
  z.object({ kind: z.literal('setup'), ...from, eventId: z.string() }),
  /** A phone tracker's fix, for every instance's followers of that race or runner. */
  z.object({ kind: z.literal('position'), ...from, position: runnerPositionSchema }),
  /** The announcer's pin on the stadium screens of an event, or null when taken down. */
  z.object({ kind: z.literal('pin'), ...from, eventId: z.string(), pin: screenPinSchema.nullable() }),
]);

export type BusMessage = z.infer<typeof busMessageSchema>;
/** A message as an instance writes it: the link stamps the term. */
export type OutgoingBusMessage = z.input<typeof busMessageSchema>;
