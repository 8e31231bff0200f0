// Every runner status, declared once. The order is the race order of the classes (finishers first,
// DNS last) and a status's code is its index: the leaderboard, the timeline's columns and the field
// stream all read this one table.
import { z } from 'zod';

export const RUNNER_STATUSES = ['finished', 'onCourse', 'registered', 'dnf', 'dq', 'dns'] as const;
export const runnerStatusSchema = z.enum(RUNNER_STATUSES);
export type RunnerStatus = z.infer<typeof runnerStatusSchema>;

/** The statuses race control sets by hand; the engine derives on course and finished from the reads. */
export const entrantStatusSchema = runnerStatusSchema.exclude(['finished', 'onCourse']);
export type EntrantStatus = z.infer<typeof entrantStatusSchema>;

export const STATUS_CODES = Object.fromEntries(RUNNER_STATUSES.map((s, i) => [s, i])) as Record<RunnerStatus, number>;

/** The status of a code (the low bits of a column), registered for a code out of range. */
export const statusOfCode = (code: number): RunnerStatus => RUNNER_STATUSES[code] ?? 'registered';

/** Runners with a place: those who finished and those on the course. */
export const isRankedStatus = (status: RunnerStatus): boolean => status === 'finished' || status === 'onCourse';
