// An event's race: race tabs, then the leaderboard and the map (side by side, or as tabs on a
// phone) and the race overview.
import { useState } from 'react';
import { NavLink, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useEventInfo } from '../live/event-context';
import { useRace } from '../live/useRace';
import { Leaderboard } from '../leaderboard/Leaderboard';
import { CourseMap } from '../map/CourseMap';
import { Overview } from '../overview/Overview';
import { useMediaQuery } from './use-media-query';

/** Where the map and the leaderboard become tabs (keep in step with styles.css). */
const PHONE = '(max-width: 720px)';

type View = 'board' | 'map' | 'overview';

export function EventPage() {
  const info = useEventInfo();
  const { raceId: raceParam } = useParams();
  const { t } = useTranslation();
  const race = info.races.find((r) => r.id === raceParam) ?? info.races[0];
  const { race: state, version, error } = useRace(info.id, race.id);
  const [view, setView] = useState<View>('board');
  const phone = useMediaQuery(PHONE);
  // A hidden map has no size to fit the course to: mount it only when shown.
  const mapShown = view === 'map' || (view === 'board' && !phone);

  return (
    <main className="race-page" data-view={view}>
      <nav className="race-tabs" aria-label={t('race.races')}>
        {info.races.map((r) => (
          <NavLink key={r.id} to={`/e/${info.id}/race/${r.id}`} className={r.id === race.id ? 'active' : ''} data-testid={`race-tab-${r.id}`}>
            {r.name}
          </NavLink>
        ))}
      </nav>
      <div className="view-tabs" role="tablist">
        {(['board', 'map', 'overview'] as const).map((v) => (
          <button key={v} type="button" role="tab" aria-selected={view === v} className={`view-tab view-tab-${v}`} data-testid={`view-${v}`} onClick={() => setView(v)}>
            {t(`race.view.${v}`)}
          </button>
        ))}
      </div>
      {error && <p className="error">{error}</p>}
      {!state ? (
        <p className="page">{t('app.loading')}</p>
      ) : (
        <div className="race-panes">
          <div className="pane pane-board">
            <Leaderboard info={info} race={race} state={state} version={version} />
          </div>
          <div className="pane pane-map">
            {mapShown && <CourseMap info={info} race={race} state={state} version={version} />}
          </div>
          <div className="pane pane-overview">
            <Overview info={info} race={race} state={state} version={version} />
          </div>
        </div>
      )}
    </main>
  );
}
