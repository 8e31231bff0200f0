// The organizers' console contract: request bodies (zod, checked by the server, typed for the
// client), the monitoring report, and the organizer socket's events.
import { z } from 'zod';
import type { StoredRead } from './reads';
import { calendarDateSchema, entrantStatusSchema, epochMsSchema, idSchema, lonLatSchema, rankingSchema, readWindowDaysSchema } from './domain';
import { isoTimeMs, isoTimeTextSchema, timeInputSchema } from './time-input';
import type { Ack } from './socket-events';

export const reasonSchema = z.string().trim().min(1, 'give a reason').max(200);
const optionalReason = z.string().trim().max(200).optional();

export const loginSchema = z.object({ email: z.string().trim().min(3).max(200), password: z.string().min(1).max(200) }).strict();

export const newAccountSchema = z
  .object({
    email: z.string().trim().email('must be an e-mail address').max(200),
    password: z.string().min(12, 'must be at least 12 characters').max(200),
    role: z.enum(['admin', 'organizer']).default('organizer'),
    eventIds: z.array(idSchema).max(100).optional(),
  })
  .strict();

/** A race as the console describes it; the server builds the timing points (server/setup/race-builder). */
export const raceSpecSchema = z
  .object({
    id: idSchema,
    name: z.string().trim().min(1).max(120),
    distance: z.number().positive().max(1_000_000).optional(),
    gunTime: epochMsSchema.nullable().optional(),
    splits: z.array(z.number().positive().max(1_000_000)).max(200).optional(),
    /** Ids of the start and finish mats: a race sharing another race's mats names them here. */
    startId: idSchema.optional(),
    finishId: idSchema.optional(),
    startMat: z.boolean().optional(),
    loop: z.object({ length: z.number().positive().max(100_000), laps: z.number().int().positive().max(10_000) }).strict().optional(),
    course: z.array(lonLatSchema).min(2).max(100_000).optional(),
    waves: z.array(z.object({ id: idSchema, name: z.string().min(1).max(80), gunTime: epochMsSchema.nullable().default(null) }).strict()).max(100).optional(),
    ageGroups: z.array(z.number().int().min(0).max(120)).max(40).optional(),
    ranking: rankingSchema.optional(),
    cutoffSeconds: z.number().positive().max(30 * 86_400).optional(),
  })
  .strict();
export type RaceSpecInput = z.infer<typeof raceSpecSchema>;

export const newEventSchema = z
  .object({
    id: idSchema,
    name: z.string().trim().min(1).max(160),
    date: calendarDateSchema,
    timeZone: z.string().min(1).max(64).default('UTC'),
    readWindowDays: readWindowDaysSchema.optional(),
    race: raceSpecSchema,
  })
  .strict();

export const courseFileSchema = z.object({ text: z.string().min(1, 'the course file is empty').max(20_000_000) }).strict();

export const timingPointInputSchema = z
  .object({
    id: idSchema.optional(),
    name: z.string().trim().min(1).max(80).optional(),
    /** Metres from the start, or a clicked map position snapped to the course. */
    distance: z.number().positive().max(1_000_000).optional(),
    position: lonLatSchema.optional(),
  })
  .strict()
  .refine((p) => (p.distance === undefined) !== (p.position === undefined), 'give either "distance" or "position"');

export const loopUpdateSchema = z.object({ length: z.number().positive().max(100_000), laps: z.number().int().positive().max(10_000) }).strict();

export const columnMappingSchema = z.record(z.string(), z.string().max(200));

export const entrantImportSchema = z
  .object({
    csv: z.string().min(1, 'the file is empty').max(50_000_000),
    mapping: columnMappingSchema.optional(),
    /**
     * merge (the default): new bibs are added, bibs already there are updated from the file;
     * add: new entrants only (a bib already there is a problem); replace: the file is the whole list.
     */
    mode: z.enum(['merge', 'add', 'replace']).default('merge'),
    defaultRaceId: idSchema.optional(),
    /** A replace that removes entrants is done only with the number the preview said it removes. */
    confirmRemoved: z.number().int().min(0).optional(),
  })
  .strict();

/** "now", epoch ms, or ISO-8601 with a zone. */
export const gunTimeInputSchema = z.union([z.literal('now'), timeInputSchema]);
export const gunSchema = z
  .object({
    time: gunTimeInputSchema,
    waveId: idSchema.optional(),
    reason: optionalReason,
    /** A gun that has gone is changed only as an explicit correction. */
    correct: z.boolean().optional(),
    /** Say what would change (the gun time before and after) and change nothing. */
    dryRun: z.boolean().optional(),
  })
  .strict();
export const undoSchema = z.object({ reason: optionalReason }).strict();

export const statusChangeSchema = z.object({ status: entrantStatusSchema, reason: reasonSchema }).strict();
export const privacySchema = z.object({ private: z.boolean(), reason: reasonSchema }).strict();
export const moveRunnerSchema = z.object({ raceId: idSchema, waveId: idSchema.nullable().optional(), reason: reasonSchema }).strict();
export const manualSplitSchema = z
  .object({ point: idSchema, time: timeInputSchema, reason: reasonSchema, replacesRead: z.number().int().positive().optional() })
  .strict();
export const ignoreReadSchema = z.object({ reason: reasonSchema }).strict();
export const assignChipSchema = z.object({ chip: z.string().min(1).max(64), bib: z.string().min(1).max(16), reason: optionalReason }).strict();
export const reviewSchema = z.object({ reason: reasonSchema, outcome: z.enum(['accepted', 'dq']).default('accepted') }).strict();
/** A time filter: epoch ms or ISO-8601 with a zone. */
const auditTimeSchema = z.union([z.coerce.number().pipe(epochMsSchema), isoTimeTextSchema.transform((t) => isoTimeMs(t)!)]);

/** The audit page's filters, from the query string. */
export const auditQuerySchema = z
  .object({
    before: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    /** An action ("runner.status"), or a family of them ending in a dot ("timing."). */
    action: z.string().trim().min(1).max(64).optional(),
    /** A runner's bib: entries about them (their target, or a bib in the change). */
    runner: z.string().trim().min(1).max(16).optional(),
    from: auditTimeSchema.optional(),
    to: auditTimeSchema.optional(),
  })
  .strict();
export type AuditQuery = z.input<typeof auditQuerySchema>;

export const newDeviceSchema = z.object({ name: z.string().trim().min(1).max(80) }).strict();

export const monitoringOptionsSchema = z
  .object({
    /** A runner is overdue this long after their projected arrival at the next mat. */
    overdueToleranceSeconds: z.number().min(0).max(7200).default(600),
    /** A mat with no read for this long, while runners are expected there, is silent. */
    silenceSeconds: z.number().min(10).max(7200).default(180),
    /** How many runners must be due at a quiet mat before it counts as silent (one may just have stopped). */
    silentMinRunners: z.number().int().min(1).max(1000).default(3),
  })
  .strict();
export type MonitoringOptions = z.infer<typeof monitoringOptionsSchema>;

export interface MatStatus {
  raceIds: string[];
  point: string;
  name: string;
  readsLastMinute: number;
  readsLastFiveMinutes: number;
  lastReceivedAt: number | null;
  lastReadTime: number | null;
  devices: { id: string; name: string; lastContactAt: number | null; backup: boolean }[];
  /** Runners whose expected arrival here has passed since the mat's last read. */
  expectedNow: number;
  silent: boolean;
  /**
   * Why a silent mat is silent: no device of the mat has been in contact for the silence window
   * ("device-offline"), or a device talks but reads nobody while runners are due ("no-reads").
   */
  alert: 'device-offline' | 'no-reads' | null;
}

export interface OverdueRunner {
  bib: string;
  name: string | null;
  raceId: string;
  lastPoint: string | null;
  lastTime: number | null;
  nextPoint: string;
  nextEta: number;
  /** Where the expected arrival comes from: the runner's splits, seed time, the field's pace, the cut-off. */
  etaSource: 'splits' | 'seed' | 'field' | 'cutoff';
  overdueMs: number;
}

export interface FlaggedRunner {
  bib: string;
  name: string | null;
  raceId: string;
  flags: string[];
  /** Timing points passed by without a read. */
  missing: string[];
  possibleCut: boolean;
  reviewed: boolean;
}

export interface SegmentCount {
  raceId: string;
  from: string;
  to: string;
  runners: number;
}

export interface MonitoringReport {
  eventId: string;
  at: number;
  options: MonitoringOptions;
  mats: MatStatus[];
  /** Longest overdue first, at most REPORT_LIST_LIMIT; overdueTotal counts them all. */
  overdue: OverdueRunner[];
  overdueTotal: number;
  /** Unreviewed possible cuts first, at most REPORT_LIST_LIMIT; flaggedTotal counts them all. */
  flagged: FlaggedRunner[];
  flaggedTotal: number;
  segments: SegmentCount[];
  unmatchedReads: number;
  /** Stored reads the server could not score (outside the event's window, or failing): set aside, newest first. */
  setAsideReads: { total: number; recent: { seq: number; reason: string }[] };
}

export interface OrganizerServerEvents {
  'monitoring:report': (report: MonitoringReport) => void;
  /** An audit entry was written: the console refreshes its views of the event. */
  'audit:appended': (info: { eventId: string; action: string; target: string | null }) => void;
}

export const monitorSubscriptionSchema = z.object({ eventId: idSchema, options: monitoringOptionsSchema.partial().optional() }).strict();

export interface OrganizerClientEvents {
  'monitoring:subscribe': (sub: z.input<typeof monitorSubscriptionSchema>, ack: (res: Ack<MonitoringReport>) => void) => void;
}

export const ORGANIZER_NAMESPACE = '/organizer';

/** Runners listed per report list: a report goes out every couple of seconds to every console. */
export const REPORT_LIST_LIMIT = 500;

/** A read as the console shows it: what the mat sent, when it arrived, and whether it is set aside. */
export interface RunnerRead extends StoredRead {
  receivedAt: number;
  ignored: { reason: string; organizerId: string; at: number } | null;
}

/** One manual change: who, when, what, and the state before and after. */
export interface AuditEntry {
  id: number;
  eventId: string | null;
  organizerId: string | null;
  /** The organizer's e-mail address (or "cli"), kept as it was at the time. */
  actor: string;
  at: number;
  action: string;
  target: string | null;
  reason: string | null;
  before: unknown;
  after: unknown;
  /** The entry keeps what is needed to undo it (an import, a gun time). */
  undoable: boolean;
  /** The id of the audit entry that undid this one, if any. */
  undoneBy: number | null;
}
