// The organizers' console: log-in, the events, and per event its set-up, race control,
// monitoring, audit log and devices.
import { useTranslation } from 'react-i18next';
import { NavLink, Route, Routes, useParams } from 'react-router-dom';
import './console.css';
import { AuditPage } from './AuditPage';
import { DevicesPage } from './DevicesPage';
import { EntrantsImport } from './EntrantsImport';
import { HistoryPage } from './HistoryPage';
import { EventsPage } from './EventsPage';
import { LoginPage } from './LoginPage';
import { MonitoringPage } from './MonitoringPage';
import { RaceControlPage } from './RaceControlPage';
import { RequireSession, SessionProvider, useSession } from './session';
import { SetupPage } from './SetupPage';
import { ConnectionIndicator } from '../live/ConnectionIndicator';
import { RehearsalPage } from './RehearsalPage';
import { EventClockProvider, ZoneCaption } from './event-clock';
import { useLoad } from './use-async';
import { api } from '../api';
import { LanguageSwitch } from '../pages/LanguageSwitch';

export function ConsoleApp() {
  return (
    <SessionProvider>
      <div className="console">
        <ConsoleBar />
        <Routes>
          <Route path="login" element={<LoginPage />} />
          <Route path="" element={<RequireSession><EventsPage /></RequireSession>} />
          <Route path="events/:eventId/*" element={<RequireSession><EventConsole /></RequireSession>} />
        </Routes>
      </div>
    </SessionProvider>
  );
}

function ConsoleBar() {
  const { organizer, logOut } = useSession();
  const { t } = useTranslation();
  return (
    <header className="console-bar">
      <NavLink to="/console" end className="brand">{t('console.brand')}</NavLink>
      <span className="topbar-spacer" />
      <ConnectionIndicator />
      <LanguageSwitch />
      {organizer && (
        <>
          <span>{organizer.email}</span>
          <button type="button" onClick={() => void logOut()}>{t('console.logOut')}</button>
        </>
      )}
    </header>
  );
}

const TABS = ['setup', 'history', 'entrants', 'control', 'monitoring', 'audit', 'devices', 'rehearsal'] as const;

function EventConsole() {
  const { eventId = '' } = useParams();
  const { t } = useTranslation();
  const { data: info, error } = useLoad(() => api.event(eventId), [eventId]);
  // Times are shown in the event's zone: the tabs wait for it (an event not found shows UTC).
  if (!info && !error) return <p className="page muted">{t('console.loading')}</p>;
  return (
    <EventClockProvider value={{ timeZone: info?.timeZone ?? 'UTC', date: info?.date ?? new Date().toISOString().slice(0, 10) }}>
    <div className="console-event">
      {info?.rehearsal && <div className="rehearsal-banner" role="status" data-testid="rehearsal-banner">{t('console.rehearsalBanner')}</div>}
      <nav className="console-tabs" aria-label={t('console.eventTabs')}>
        <strong>{eventId}</strong>
        {TABS.filter((path) => path !== 'rehearsal' || info?.rehearsal).map((path) => (
          <NavLink key={path} to={`/console/events/${encodeURIComponent(eventId)}/${path}`}>{t(`console.tabs.${path}`)}</NavLink>
        ))}
        <ZoneCaption />
      </nav>
      <Routes>
        <Route path="setup" element={<SetupPage eventId={eventId} />} />
        <Route path="history" element={<HistoryPage eventId={eventId} />} />
        <Route path="entrants" element={<EntrantsImport eventId={eventId} />} />
        <Route path="control" element={<RaceControlPage eventId={eventId} />} />
        <Route path="monitoring" element={<MonitoringPage eventId={eventId} />} />
        <Route path="audit" element={<AuditPage eventId={eventId} />} />
        <Route path="devices" element={<DevicesPage eventId={eventId} />} />
        <Route path="rehearsal" element={<RehearsalPage eventId={eventId} />} />
        <Route path="*" element={<SetupPage eventId={eventId} />} />
      </Routes>
    </div>
    </EventClockProvider>
  );
}
