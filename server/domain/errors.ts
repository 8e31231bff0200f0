// What a service reports when it cannot do what was asked, in the domain's own terms. Each
// transport maps them once: HTTP to status codes (server/http/errors.ts), sockets to acks.
import type { z } from 'zod';
import { formatZodError } from '../../shared/zod-format';

export abstract class DomainError extends Error {}

/** The thing asked for (event, race, runner, read, device) does not exist. */
export class NotFound extends DomainError {}

/**
 * The input is wrong. `field` names the part at fault when one does; `unprocessable` marks input
 * that is well formed but cannot be applied (a course with one point, a split beyond the finish).
 */
export class Invalid extends DomainError {
  constructor(
    readonly field: string | null,
    readonly problem: string,
    readonly unprocessable = false,
  ) {
    super(field ? `${field}: ${problem}` : problem);
  }

  static fromZod(error: z.ZodError, unprocessable = false): Invalid {
    const first = error.issues[0];
    const invalid = new Invalid(null, formatZodError(error), unprocessable);
    return Object.assign(invalid, { field: first?.path.length ? first.path.join('.') : null });
  }
}

/** The change clashes with the current state (exists already, done already). */
export class Conflict extends DomainError {}

/** The caller is known but may not do this. */
export class Forbidden extends DomainError {}

/** The caller could not be identified (wrong password, no session). */
export class Unauthenticated extends DomainError {}

/** This instance does not lead the cluster (a standby, or a leader whose lease lapsed): writes go to the leader. */
export class NotLeader extends DomainError {}
