// The organizer socket for one event: connects with the session cookie, subscribes with the
// chosen thresholds, and keeps the latest report. Subscribes again after every reconnect and
// whenever the thresholds change, on the same connection.
import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { SOCKET_TRANSPORTS } from '../live/socket-options';
import { ORGANIZER_NAMESPACE, type MonitoringReport, type OrganizerClientEvents, type OrganizerServerEvents } from '../../../shared/organizer';

type OrganizerSocket = Socket<OrganizerServerEvents, OrganizerClientEvents>;
interface Thresholds {
  overdueToleranceSeconds: number;
  silenceSeconds: number;
}

export function useMonitoring(eventId: string, options: Thresholds) {
  const [report, setReport] = useState<MonitoringReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [lastAudit, setLastAudit] = useState<string | null>(null);
  const socketRef = useRef<OrganizerSocket | null>(null);
  const optionsRef = useRef(options);
  optionsRef.current = options;

  const subscribe = (socket: OrganizerSocket) =>
    socket.emit('monitoring:subscribe', { eventId, options: optionsRef.current }, (res) => {
      if (res.ok) {
        setReport(res.data);
        setError(null);
      } else setError(res.error);
    });

  useEffect(() => {
    // A connection of its own, opened here: not tied to the spectator socket's manager (made with
    // autoConnect off) nor to its reconnects, so the page subscribes as soon as it is open.
    const socket: OrganizerSocket = io(ORGANIZER_NAMESPACE, { ...SOCKET_TRANSPORTS, forceNew: true, autoConnect: false, withCredentials: true, reconnectionDelayMax: 5000 });
    socketRef.current = socket;
    socket.on('connect', () => subscribe(socket));
    socket.on('connect_error', (err) => setError(err.message));
    socket.on('disconnect', (reason) => {
      // A server restart drops the socket; socket.io does not retry that one by itself.
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('monitoring:report', (r) => r.eventId === eventId && setReport(r));
    socket.on('audit:appended', (a) => setLastAudit(`${a.action}${a.target ? ` ${a.target}` : ''}`));
    socket.connect();
    return () => {
      socketRef.current = null;
      socket.close();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [eventId]);

  const { overdueToleranceSeconds, silenceSeconds } = options;
  useEffect(() => {
    const socket = socketRef.current;
    if (socket?.connected) subscribe(socket);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [overdueToleranceSeconds, silenceSeconds]);
  return { report, error, lastAudit };
}
