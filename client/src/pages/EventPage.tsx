// An event's race: race tabs, then the leaderboard and the map (side by side, or as tabs on a
// phone) and the race overview.
import { useMemo, useState, type ReactNode } from 'react';
import { NavLink, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useEventInfo } from '../live/event-context';
import { useRace } from '../live/useRace';
import { Leaderboard } from '../leaderboard/Leaderboard';
import { CourseMap } from '../map/CourseMap';
import { Overview } from '../overview/Overview';
import { useMediaQuery } from './use-media-query';
import { latestReadTime } from '../live/race-state';
import { ClockOverride } from '../live/LiveProvider';
import { useMoment } from '../timetravel/useMoment';
import { useRaceAt } from '../timetravel/useRaceAt';
import { firstGun, TimeControl } from '../timetravel/TimeControl';
import { useField } from '../map/useField';
import { fieldFromRows } from '../../../shared/field-state';

/** Where the map and the leaderboard become tabs (keep in step with styles.css). */
const PHONE = '(max-width: 720px)';

type View = 'board' | 'map' | 'overview';

export function EventPage() {
  const info = useEventInfo();
  const { raceId: raceParam } = useParams();
  const { t } = useTranslation();
  const race = info.races.find((r) => r.id === raceParam) ?? info.races[0];
  const live = useRace(info.id, race.id);
  // Looking back (`?at=` in the URL): the race as it was then, drawn with the clock at that moment.
  const from = firstGun(info.races);
  const lastRead = live.race ? latestReadTime(live.race.rows.values()) : 0;
  const [pastSpan, setPastSpan] = useState<{ from: number; to: number } | null>(null);
  const to = Math.max(lastRead, pastSpan?.to ?? 0);
  const moment = useMoment(to || null);
  const past = useRaceAt(info.id, race.id, moment.at);
  if (past.span && past.span.to !== pastSpan?.to) setPastSpan(past.span);
  const momentClock = useMemo(() => ({ at: 0, now() { return this.at; }, observe() {} }), []);
  momentClock.at = moment.at ?? 0;
  const { race: state, version, error } = moment.at === null ? live : { race: past.race, version: past.version, error: past.error ?? moment.error };
  const span = from !== null && to > 0 ? { from, to: Math.max(to, from) } : null;
  const [view, setView] = useState<View>('board');
  const phone = useMediaQuery(PHONE);
  // A hidden map has no size to fit the course to: mount it only when shown.
  const mapShown = view === 'map' || (view === 'board' && !phone);
  // The map draws from the race's field, subscribed only while the map is shown; looking back, from
  // the past moment's rows turned into a field.
  const liveField = useField(info.id, race.id, mapShown && moment.at === null);
  const pastField = useMemo(() => (past.race ? fieldFromRows(past.race.rows.values()) : null), [past.race]);
  const map = moment.at === null ? liveField : { field: pastField, version: past.version };

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
      {span && <TimeControl moment={moment} span={span} timeZone={info.timeZone} />}
      {moment.error && <p className="error">{moment.error}</p>}
      {error && <p className="error">{error}</p>}
      {!state ? (
        <p className="page">{t('app.loading')}</p>
      ) : (
        <Past clock={moment.at === null ? null : momentClock}>
        <div className="race-panes" data-at={moment.at ?? 'live'}>
          <div className="pane pane-board">
            <Leaderboard info={info} race={race} state={state} version={version} />
          </div>
          <div className="pane pane-map">
            {mapShown && map.field && <CourseMap info={info} race={race} field={map.field} version={map.version} pastRows={moment.at === null ? undefined : past.race?.rows} />}
          </div>
          <div className="pane pane-overview">
            <Overview info={info} race={race} state={state} version={version} />
          </div>
        </div>
        </Past>
      )}
    </main>
  );
}

/** Live views below draw with the moment's clock when the page looks back. */
function Past({ clock, children }: { clock: { now(): number; observe(t: number): void } | null; children: ReactNode }) {
  return clock ? <ClockOverride clock={clock}>{children}</ClockOverride> : <>{children}</>;
}
