// An event's frame: its info for every page below, search, and the "my runners" strip.
import { Link, Outlet, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { EventContext } from '../live/event-context';
import { useEventInfoLive } from '../live/useEventInfoLive';
import { FollowProvider } from '../follow/FollowProvider';
import { SearchBox } from '../follow/SearchBox';
import { MyRunners } from '../follow/MyRunners';
import { MySpot } from '../follow/MySpot';
import { PassingAnnouncer } from '../follow/PassingAnnouncer';
import { RehearsalBanner } from '../RehearsalBanner';
import { ZoneNote } from './ZoneNote';

export function EventLayout() {
  const { eventId = '' } = useParams();
  const { t } = useTranslation();
  const { info, error } = useEventInfoLive(eventId);

  if (error && !info) return <main className="page error">{error}</main>;
  if (!info || info.id !== eventId) return <main className="page">{t('app.loading')}</main>;
  return (
    <EventContext.Provider value={info}>
      <FollowProvider eventId={eventId}>
        <div className="event">
          <RehearsalBanner rehearsal={info.rehearsal} label={t('rehearsal')} />
          <div className="event-head">
            <Link to={`/e/${eventId}`} className="event-name">
              {info.name}
            </Link>
            <SearchBox />
          </div>
          <ZoneNote timeZone={info.timeZone} />
          <MyRunners />
          <MySpot />
          <PassingAnnouncer />
          <Outlet />
        </div>
      </FollowProvider>
    </EventContext.Provider>
  );
}
