// The organizers' console on the primary: its stores and services, assembled once. Its routes
// are mounted by server/http/routes.ts and its socket namespace by server/sockets/.
import type { Logger } from 'pino';
import type { Clock } from '../../shared/clock';
import type { Config } from '../config';
import type { EventRuntime } from '../live/event-runtime';
import { AuditLog, type NewAuditEntry } from '../storage/audit-log';
import type { Db } from '../storage/database';
import type { DeviceTokens } from '../storage/device-tokens';
import { FlagReviews } from '../storage/flag-reviews';
import { OrganizerAccounts } from '../storage/organizer-accounts';
import { ReadCorrections } from '../storage/read-corrections';
import type { ReadLog } from '../storage/read-log';
import { ReadStats } from '../storage/read-stats';
import { Sessions } from '../storage/sessions';
import { Rehearsals } from '../rehearsal/rehearsal-service';
import { PlayerFiles } from '../rehearsal/player-files';
import { TimingDevices } from '../storage/timing-devices';
import { ensureFirstAccount } from './accounts';
import { MonitoringFeed } from './monitoring-feed';
import type { OrganizerContext } from './organizer-context';

export interface OrganizerConsole {
  context: OrganizerContext;
  /** Rehearsal events and their players. */
  rehearsals: Rehearsals;
  /** Monitoring reports for the consoles' sockets, one computation per event shared by all. */
  monitoring: MonitoringFeed;
  close(): void;
  /** Told after each audited change is committed (the organizer socket tells the consoles). */
  onAudit(listener: (entry: NewAuditEntry) => void): void;
}

export async function createOrganizerConsole(deps: { db: Db; runtime: EventRuntime; readLog: ReadLog; devices: DeviceTokens; log: Logger; now: Clock; config: Config }): Promise<OrganizerConsole> {
  const listeners: ((entry: NewAuditEntry) => void)[] = [];
  const context: OrganizerContext = {
    db: deps.db,
    runtime: deps.runtime,
    readLog: deps.readLog,
    devices: deps.devices,
    log: deps.log,
    now: deps.now,
    accounts: new OrganizerAccounts(deps.db),
    sessions: new Sessions(deps.db),
    audit: new AuditLog(deps.db),
    corrections: new ReadCorrections(deps.db),
    reviews: new FlagReviews(deps.db),
    stats: new ReadStats(deps.db),
    timingDevices: new TimingDevices(deps.db),
    onAudit: (entry) => {
      for (const listener of listeners) listener(entry);
    },
  };

  // The engines were rebuilt from the whole log: take out again the reads race control set aside.
  for (const eventId of deps.runtime.eventIds()) deps.runtime.removeReads(eventId, context.corrections.ignoredReads(eventId));
  await ensureFirstAccount(context, deps.config.ORGANIZER_EMAIL, deps.config.ORGANIZER_PASSWORD);

  const rehearsals = new Rehearsals(context, new PlayerFiles(deps.config.DATA_DIR));
  return {
    context,
    rehearsals,
    monitoring: new MonitoringFeed(context, deps.config.MONITOR_INTERVAL_MS),
    close: () => rehearsals.close(),
    onAudit: (listener) => listeners.push(listener),
  };
}
