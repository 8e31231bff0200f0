// What the organizer services work with: the primary's storage and runtime, and the clock.
import type { Logger } from 'pino';
import type { EventRuntime } from '../live/event-runtime';
import type { AuditLog, NewAuditEntry } from '../storage/audit-log';
import type { Db } from '../storage/database';
import type { DeviceTokens } from '../storage/device-tokens';
import type { FlagReviews } from '../storage/flag-reviews';
import type { OrganizerAccounts, Organizer } from '../storage/organizer-accounts';
import type { ReadCorrections } from '../storage/read-corrections';
import type { ReadLog } from '../storage/read-log';
import type { ReadStats } from '../storage/read-stats';
import type { Sessions } from '../storage/sessions';
import type { TimingDevices } from '../storage/timing-devices';

export interface OrganizerContext {
  db: Db;
  runtime: EventRuntime;
  readLog: ReadLog;
  devices: DeviceTokens;
  accounts: OrganizerAccounts;
  sessions: Sessions;
  audit: AuditLog;
  corrections: ReadCorrections;
  reviews: FlagReviews;
  stats: ReadStats;
  /** Timing devices' set-up (mapped points, backup), for monitoring the mats. */
  timingDevices: TimingDevices;
  log: Logger;
  now: () => number;
  /** Called after an audited change is committed (the organizer socket tells the consoles). */
  onAudit: (entry: NewAuditEntry) => void;
}

/** The audit fields that name who did it. */
export const actorOf = (organizer: Organizer) => ({ organizerId: organizer.id, actor: organizer.email });
