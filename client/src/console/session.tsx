// Who is logged in: asked once from /api/organizer/me; pages below the console need a session.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { consoleApi, type Organizer } from './console-api';

interface Session {
  organizer: Organizer | null;
  loading: boolean;
  setOrganizer: (o: Organizer | null) => void;
  logOut: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [organizer, setOrganizer] = useState<Organizer | null>(null);
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    consoleApi
      .me()
      .then((r) => setOrganizer(r.organizer))
      .catch(() => setOrganizer(null))
      .finally(() => setLoading(false));
  }, []);
  const logOut = useCallback(async () => {
    await consoleApi.logOut().catch(() => undefined);
    setOrganizer(null);
  }, []);
  return <SessionContext.Provider value={{ organizer, loading, setOrganizer, logOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** Renders its children for a logged-in organizer, else sends them to the log-in page. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { organizer, loading } = useSession();
  const location = useLocation();
  if (loading) return <p className="page muted">Loading…</p>;
  if (!organizer) return <Navigate to="/console/login" replace state={{ from: location.pathname }} />;
  return <>{children}</>;
}
