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
  type OrganizerClientEvents,
  type OrganizerServerEvents,
} from '../../shared/organizer';
import { formatZodError } from '../../shared/zod-format';
import { answer, reply } from './acks';
import { SESSION_COOKIE } from '../http/organizer-auth';
import { mayManage, organizerOfSession } from '../organizer/accounts';
import { monitoringFor } from '../organizer/monitoring-service';
import type { OrganizerConsole } from '../organizer/organizer-console';
import type { Organizer } from '../storage/organizer-accounts';

interface OrganizerSocketData {
  token: string;
  organizer: Organizer;
  watching: { eventId: string; options: MonitoringOptions } | null;
}

type OrganizerNamespace = Namespace<OrganizerClientEvents, OrganizerServerEvents, Record<string, never>, OrganizerSocketData>;
type OrganizerSocket = Socket<OrganizerClientEvents, OrganizerServerEvents, Record<string, never>, OrganizerSocketData>;

export const organizerRoom = (eventId: string) => `organizer:${eventId}`;
export function bindOrganizerSockets(io: Server, organizers: OrganizerConsole, intervalMs: number): { close: () => void } {
  const ctx = organizers.context;
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
    socket.on('monitoring:subscribe', (sub, ack) => {
      const parsed = monitorSubscriptionSchema.safeParse(sub);
      if (!parsed.success) return reply(ack, { ok: false, error: formatZodError(parsed.error) });
      const { eventId } = parsed.data;
      if (!mayManage(socket.data.organizer, eventId)) return reply(ack, { ok: false, error: `you may not manage event "${eventId}"` });
      if (!ctx.runtime.engine(eventId)) return reply(ack, { ok: false, error: `no event "${eventId}"` });
      const options = monitoringOptionsSchema.parse(parsed.data.options ?? {});
      for (const room of socket.rooms) if (room.startsWith('organizer:')) void socket.leave(room);
      void socket.join(organizerRoom(eventId));
      socket.data.watching = { eventId, options };
      answer(ack, () => monitoringFor(ctx, eventId, options));
    });
  });

  // Every interval: drop sockets whose session ended, then one report per event and options.
  const timer = setInterval(() => {
    const reports = new Map<string, ReturnType<typeof monitoringFor>>();
    for (const socket of nsp.sockets.values()) {
      if (organizerOfSession(ctx, socket.data.token) === undefined) {
        socket.disconnect(true);
        continue;
      }
      const watching = socket.data.watching;
      if (!watching || !ctx.runtime.engine(watching.eventId)) continue;
      const key = JSON.stringify([watching.eventId, watching.options]);
      let report = reports.get(key);
      if (!report) reports.set(key, (report = monitoringFor(ctx, watching.eventId, watching.options)));
      socket.emit('monitoring:report', report);
    }
  }, intervalMs);
  timer.unref();

  organizers.onAudit(({ eventId, action, target }) => {
    if (eventId) nsp.local.to(organizerRoom(eventId)).emit('audit:appended', { eventId, action, target });
  });
  return { close: () => clearInterval(timer) };
}
