// Followed runners of one event, and the runner being viewed: one `runners:follow` for both, live
// details from `runner:update`.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { FollowedRunner } from '../../../shared/socket-events';
import { useLive } from '../live/LiveProvider';
import { loadFollowed, saveFollowed, toggled } from './follow-storage';
import { useAlertedBibs } from './push-alerts';
import { useSocketAlerts } from './socket-alerts';
import { useSocketSpotAlerts } from './socket-spot-alerts';

interface Follow {
  followed: string[];
  isFollowed(bib: string): boolean;
  toggle(bib: string): void;
  /** Details of followed and viewed runners, live. */
  details: ReadonlyMap<string, FollowedRunner>;
  /** Ask for live details of a runner not followed (the runner page). */
  setViewing(bib: string | null): void;
  loaded: boolean;
}

const FollowContext = createContext<Follow | null>(null);

export function FollowProvider({ eventId, children }: { eventId: string; children: ReactNode }) {
  const { socket, resyncKey, clock } = useLive();
  const [followed, setFollowed] = useState(() => loadFollowed(eventId));
  const [viewing, setViewing] = useState<string | null>(null);
  const [details, setDetails] = useState<ReadonlyMap<string, FollowedRunner>>(new Map());
  const [loaded, setLoaded] = useState(false);

  useEffect(() => setFollowed(loadFollowed(eventId)), [eventId]);

  // Runners with alerts are watched too, so an open page tells of them from the socket.
  const alerted = useAlertedBibs(eventId);
  const bibs = useMemo(() => [...new Set([...followed, ...alerted, ...(viewing ? [viewing] : [])])], [followed, alerted, viewing]);
  const bibsKey = bibs.join(',');

  useEffect(() => {
    let cancelled = false;
    if (socket.connected) {
      socket.emit('runners:follow', { eventId, bibs }, (res) => {
        if (cancelled || !res.ok) return;
        for (const r of res.data) if (r.lastTime) clock.observe(r.lastTime);
        setDetails(new Map(res.data.map((r) => [r.bib, r])));
        setLoaded(true);
      });
    }
    const onUpdate: Parameters<typeof socket.on<'runner:update'>>[1] = ({ eventId: id, runner }) => {
      if (id !== eventId) return;
      if (runner.lastTime) clock.observe(runner.lastTime);
      setDetails((prev) => new Map(prev).set(runner.bib, runner));
    };
    socket.on('runner:update', onUpdate);
    return () => {
      cancelled = true;
      socket.off('runner:update', onUpdate);
    };
    // bibsKey stands for bibs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [socket, eventId, bibsKey, resyncKey, clock]);

  useSocketAlerts(details);
  useSocketSpotAlerts(details);

  const toggle = useCallback(
    (bib: string) =>
      setFollowed((prev) => {
        const next = toggled(prev, bib);
        saveFollowed(eventId, next);
        return next;
      }),
    [eventId],
  );
  const value = useMemo<Follow>(
    () => ({ followed, isFollowed: (bib) => followed.includes(bib), toggle, details, setViewing, loaded }),
    [followed, toggle, details, loaded],
  );
  return <FollowContext.Provider value={value}>{children}</FollowContext.Provider>;
}

export function useFollow(): Follow {
  const follow = useContext(FollowContext);
  if (!follow) throw new Error('useFollow outside FollowProvider');
  return follow;
}
