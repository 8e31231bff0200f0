// The organizers' socket namespace: authenticated from the session cookie at the handshake (no
// session, no connection), then monitoring reports per event every interval, and a notice when
// an audited change is made. Spectators' connections never join these rooms.
import cookieParser from 'cookie-parser';
import type { Namespace, Server, Socket } from 'socket.io';
import {
  monitoringOptionsSchema,
  monitorSubscriptionSchema,
  ORGANIZER_NAMESPACE,
  type MonitoringOptions,
  type MonitoringReport,
  type OrganizerClientEvents,
  type OrganizerServerEvents,
} from '../../shared/organizer';
import { formatZodError } from '../../shared/zod-format';
import { answer, reply } from './acks';
import { mayManage, organizerOfSession, SESSION_COOKIE } from '../organizer/accounts';
import type { OrganizerConsole } from '../organizer/organizer-console';
import type { Clock } from '../../shared/clock';
import { SharedBuckets } from '../limits/shared-buckets';
import type { BucketRule } from '../limits/token-bucket';
import type { Organizer } from '../storage/organizer-accounts';
import { organizerRoom } from '../live/rooms';

interface OrganizerSocketData {
  token: string;
  organizer: Organizer;
  watching: { eventId: string; options: MonitoringOptions } | null;
}

/**
 * Monitoring subscriptions per organizer session, all its sockets together: the console subscribes
 * at load, after a reconnect and when a threshold changes; ten at once, then one a second.
 */
export const MONITORING_RULE: BucketRule = { burst: 10, perSecond: 1, refusalsBeforeDisconnect: 10 };

type OrganizerNamespace = Namespace<OrganizerClientEvents, OrganizerServerEvents, Record<string, never>, OrganizerSocketData>;
type OrganizerSocket = Socket<OrganizerClientEvents, OrganizerServerEvents, Record<string, never>, OrganizerSocketData>;

/** `budgetRule`: MONITORING_RULE, or null for no budget (when the socket budgets are off). */
export function bindOrganizerSockets(io: Server, organizers: OrganizerConsole, intervalMs: number, now: Clock, budgetRule: BucketRule | null): { close: () => void } {
  const ctx = organizers.context;
  const feed = organizers.monitoring;
  // Keyed by the session's token: a session is one organizer at one browser.
  const budgets = new SharedBuckets(budgetRule, now);
  const nsp = io.of(ORGANIZER_NAMESPACE) as unknown as OrganizerNamespace;
  const parseCookies = cookieParser();

  nsp.use((socket, next) => {
    const req = socket.request as Parameters<typeof parseCookies>[0];
    parseCookies(req, {} as Parameters<typeof parseCookies>[1], () => {
      const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
      const organizer = organizerOfSession(ctx, token);
      if (!token || !organizer) return next(new Error('log in first: no valid organizer session'));
      socket.data = { token, organizer, watching: null };
      next();
    });
  });

  nsp.on('connection', (socket: OrganizerSocket) => {
    const { token } = socket.data;
    const budget = budgets.join(token);
    socket.once('disconnect', () => budgets.leave(token));
    socket.on('monitoring:subscribe', (sub, ack) => {
      const outcome = budget.take();
      if (outcome !== 'allowed') {
        reply(ack, { ok: false, error: 'too many monitoring subscriptions from this session; slow down' });
        if (outcome === 'disconnect') socket.disconnect(true);
        return;
      }
      const parsed = monitorSubscriptionSchema.safeParse(sub);
      if (!parsed.success) return reply(ack, { ok: false, error: formatZodError(parsed.error) });
      const { eventId } = parsed.data;
      if (!mayManage(socket.data.organizer, eventId)) return reply(ack, { ok: false, error: `you may not manage event "${eventId}"` });
      if (!ctx.runtime.has(eventId)) return reply(ack, { ok: false, error: `no event "${eventId}"` });
      const options = monitoringOptionsSchema.parse(parsed.data.options ?? {});
      for (const room of socket.rooms) if (room.startsWith('organizer:')) void socket.leave(room);
      void socket.join(organizerRoom(eventId));
      socket.data.watching = { eventId, options };
      answer(ack, () => feed.report(eventId, options));
    });
  });

  // Every interval: drop sockets whose session ended, then one report per event and options.
  const timer = setInterval(() => {
    const reportOf = feed.round();
    const watched = new Set<string>();
    // Sockets by report, so that each report is encoded once for all who get it.
    const audiences = new Map<string, { report: MonitoringReport; socketIds: string[] }>();
    for (const socket of nsp.sockets.values()) {
      if (organizerOfSession(ctx, socket.data.token) === undefined) {
        socket.disconnect(true);
        continue;
      }
      const watching = socket.data.watching;
      if (!watching || !ctx.runtime.has(watching.eventId)) continue;
      watched.add(watching.eventId);
      const { key, report } = reportOf(watching.eventId, watching.options);
      let audience = audiences.get(key);
      if (!audience) audiences.set(key, (audience = { report, socketIds: [] }));
      audience.socketIds.push(socket.id);
    }
    for (const { report, socketIds } of audiences.values()) nsp.local.to(socketIds).emit('monitoring:report', report);
    feed.keepOnly(watched);
  }, intervalMs);
  timer.unref();

  organizers.onAudit(({ eventId, action, target }) => {
    if (eventId) nsp.local.to(organizerRoom(eventId)).emit('audit:appended', { eventId, action, target });
  });
  return {
    close: () => {
      clearInterval(timer);
      budgets.close();
    },
  };
}
