// Who is logged in: asked from /api/organizer/me, again after every reconnect; pages below the
// console need a session. A server that cannot be reached is not a log-out: the page says so and
// comes back by itself.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useLive } from '../live/LiveProvider';
import { ApiError, consoleApi, type Organizer } from './console-api';

interface Session {
  organizer: Organizer | null;
  loading: boolean;
  /** The last question went unanswered (no network, server down). */
  unreachable: boolean;
  setOrganizer: (o: Organizer | null) => void;
  logOut: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [organizer, setOrganizer] = useState<Organizer | null>(null);
  const [loading, setLoading] = useState(true);
  const [unreachable, setUnreachable] = useState(false);
  const { resyncKey } = useLive();
  useEffect(() => {
    let live = true;
    consoleApi
      .me()
      .then(
        (r) => live && (setOrganizer(r.organizer), setUnreachable(false)),
        (err: unknown) => {
          if (!live) return;
          const loggedOut = err instanceof ApiError && err.status === 401;
          if (loggedOut) setOrganizer(null);
          setUnreachable(!loggedOut);
        },
      )
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [resyncKey]);
  const logOut = useCallback(async () => {
    await consoleApi.logOut().catch(() => undefined);
    setOrganizer(null);
  }, []);
  return <SessionContext.Provider value={{ organizer, loading, unreachable, setOrganizer, logOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** Renders its children for a logged-in organizer, else sends them to the log-in page. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { organizer, loading, unreachable } = useSession();
  const location = useLocation();
  if (loading) return <p className="page muted">Loading…</p>;
  if (!organizer && unreachable) return <p className="page muted" data-testid="console-unreachable">Offline: the server cannot be reached. This page comes back when it can.</p>;
  if (!organizer) return <Navigate to="/console/login" replace state={{ from: location.pathname }} />;
  return <>{children}</>;
}
