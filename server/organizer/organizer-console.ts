// The organizers' console on the primary: its stores, routes and socket namespace, assembled once.
import cookieParser from 'cookie-parser';
import { Router } from 'express';
import type { Logger } from 'pino';
import type { Server } from 'socket.io';
import type { Config } from '../config';
import { organizerControlRoutes } from '../http/organizer-control-routes';
import { organizerSessionRoutes } from '../http/organizer-session-routes';
import { organizerSetupRoutes } from '../http/organizer-setup-routes';
import { organizerRehearsalRoutes } from '../http/organizer-rehearsal-routes';
import { Rehearsals } from '../rehearsal/rehearsal-service';
import type { EventRuntime } from '../live/event-runtime';
import { bindOrganizerSockets } from '../sockets/organizer-socket';
import { AuditLog } from '../storage/audit-log';
import type { Db } from '../storage/database';
import type { DeviceTokens } from '../storage/device-tokens';
import { FlagReviews } from '../storage/flag-reviews';
import { OrganizerAccounts } from '../storage/organizer-accounts';
import { ReadCorrections } from '../storage/read-corrections';
import type { ReadLog } from '../storage/read-log';
import { ReadStats } from '../storage/read-stats';
import { Sessions } from '../storage/sessions';
import { ensureFirstAccount } from './accounts';
import type { OrganizerContext } from './organizer-context';

export interface OrganizerConsole {
  context: OrganizerContext;
  router: Router;
  attach(io: Server): void;
  close(): void;
}

export async function createOrganizerConsole(deps: { db: Db; runtime: EventRuntime; readLog: ReadLog; devices: DeviceTokens; log: Logger; now: () => number; config: Config }): Promise<OrganizerConsole> {
  let notify: (eventId: string, action: string, target: string | null) => void = () => {};
  let stopSockets = () => {};
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
    onAudit: (entry) => {
      if (entry.eventId) notify(entry.eventId, entry.action, entry.target);
    },
  };

  // The engines were rebuilt from the whole log: take out again the reads race control set aside.
  for (const eventId of deps.runtime.eventIds()) {
    const engine = deps.runtime.engine(eventId)!;
    for (const read of context.corrections.ignoredReads(eventId)) engine.removeRead(read);
  }
  deps.runtime.flush();
  await ensureFirstAccount(context, deps.config.ORGANIZER_EMAIL, deps.config.ORGANIZER_PASSWORD);

  const router = Router();
  router.use('/api/organizer', cookieParser());
  const rehearsals = new Rehearsals(context);
  router.use(organizerSessionRoutes(context), organizerSetupRoutes(context), organizerControlRoutes(context), organizerRehearsalRoutes(context, rehearsals));

  return {
    context,
    router,
    attach(io) {
      const sockets = bindOrganizerSockets(io, context, deps.config.MONITOR_INTERVAL_MS);
      notify = sockets.notify;
      stopSockets = sockets.close;
    },
    close: () => {
      rehearsals.close();
      stopSockets();
    },
  };
}
