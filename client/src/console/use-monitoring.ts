// The organizer socket for one event: connects with the session cookie, subscribes with the
// chosen thresholds, and keeps the latest report. Resubscribes after a reconnect.
import { useEffect, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { ORGANIZER_NAMESPACE, type MonitoringReport, type OrganizerClientEvents, type OrganizerServerEvents } from '../../../shared/organizer';

type OrganizerSocket = Socket<OrganizerServerEvents, OrganizerClientEvents>;

export function useMonitoring(eventId: string, options: { overdueToleranceSeconds: number; silenceSeconds: number }) {
  const [report, setReport] = useState<MonitoringReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [lastAudit, setLastAudit] = useState<string | null>(null);
  const { overdueToleranceSeconds, silenceSeconds } = options;
  useEffect(() => {
    const socket: OrganizerSocket = io(ORGANIZER_NAMESPACE, { withCredentials: true, reconnectionDelayMax: 5000 });
    const subscribe = () =>
      socket.emit('monitoring:subscribe', { eventId, options: { overdueToleranceSeconds, silenceSeconds } }, (res) => {
        if (res.ok) {
          setReport(res.data);
          setError(null);
        } else setError(res.error);
      });
    socket.on('connect', subscribe);
    socket.on('connect_error', (err) => setError(err.message));
    socket.on('monitoring:report', (r) => r.eventId === eventId && setReport(r));
    socket.on('audit:appended', (a) => setLastAudit(`${a.action}${a.target ? ` ${a.target}` : ''}`));
    return () => {
      socket.close();
    };
  }, [eventId, overdueToleranceSeconds, silenceSeconds]);
  return { report, error, lastAudit };
}
