// An event's race: race tabs, then the leaderboard and the map (side by side, or as tabs on a
// phone) and the race overview. Live, each part asks the server for only what it shows: the
// leaderboard its window, the overview a summary, and the map the race's compact field while it is on screen.
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { NavLink, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useEventInfo } from '../live/event-context';
import { useRaceWindow } from '../live/useRaceWindow';
import { useRaceSummary } from '../live/useRaceSummary';
import { Leaderboard, type Board } from '../leaderboard/Leaderboard';
import { useLiveBoard, usePastBoard } from '../leaderboard/boards';
import { filterFromParams } from '../leaderboard/filters';
import { CourseMap } from '../map/CourseMap';
import { Overview, type OverviewFigures } from '../overview/Overview';
import { useMediaQuery } from './use-media-query';
import { ClockOverride } from '../live/LiveProvider';
import { useMoment } from '../timetravel/useMoment';
import { useRaceAt } from '../timetravel/useRaceAt';
import { firstGun } from '../../../shared/first-gun';
import { TimeControl } from '../timetravel/TimeControl';
import { useField } from '../map/useField';
import { fieldFromRows } from '../../../shared/field-state';

/** Where the map and the leaderboard become tabs (keep in step with styles.css). */
const PHONE = '(max-width: 720px)';
/** The live window starts on a multiple of PAGE rows and holds WINDOW rows: the screen and a page around it. */
const PAGE = 50;
const WINDOW = 100;
const SETTLE_MS = 150;

type View = 'board' | 'map' | 'overview';

export function EventPage() {
  const info = useEventInfo();
  const { raceId: raceParam } = useParams();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const race = info.races.find((r) => r.id === raceParam) ?? info.races[0];
  const [view, setView] = useState<View>('board');
  const phone = useMediaQuery(PHONE);
  // A hidden map has no size to fit the course to: mount it only when shown.
  const mapShown = view === 'map' || (view === 'board' && !phone);
  // Looking back (`?at=` in the URL): the race as it was then, drawn with the clock at that moment.
  const from = firstGun(info.races);
  const [liveRead, setLiveRead] = useState(0);
  const [pastSpan, setPastSpan] = useState<{ from: number; to: number } | null>(null);
  const to = Math.max(liveRead, pastSpan?.to ?? 0);
  const moment = useMoment(to || null);
  const looking = moment.at !== null;
  const filter = useMemo(() => filterFromParams(params), [params]);
  const [offset, setOffset] = useState(0);
  // Looking back, a page of the race at that moment: the same window the live list shows.
  const past = useRaceAt(info.id, race.id, moment.at, filter, offset);
  if (past.span && past.span.to !== pastSpan?.to) setPastSpan(past.span);
  const momentClock = useMemo(() => ({ at: 0, now() { return this.at; }, observe() {} }), []);
  momentClock.at = moment.at ?? 0;
  // The map draws from the race's field, subscribed only while the map is shown; looking back, from
  // the past moment's rows turned into a field.
  const liveField = useField(info.id, race.id, mapShown && !looking);
  const pastField = useMemo(() => (past.race ? fieldFromRows(past.race.rows.values()) : null), [past.race]);

  const [wanted, setWanted] = useState(0);
  useEffect(() => setWanted(0), [race.id]);
  // A fling through the list settles before the window follows: one view for where it stops.
  useEffect(() => {
    const timer = setTimeout(() => setOffset(wanted), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [wanted]);
  const onRange = useCallback((first: number) => setWanted(Math.floor(first / PAGE) * PAGE), []);
  const win = useRaceWindow(info.id, race.id, filter, offset, WINDOW, !looking);
  const summary = useRaceSummary(info.id, race.id, view === 'overview' && !looking);

  const latest = Math.max(win.window?.lastRead ?? 0, summary?.lastRead ?? 0);
  if (latest > liveRead) setLiveRead(latest);
  const span = from !== null && to > 0 ? { from, to: Math.max(to, from) } : null;

  const liveBoard = useLiveBoard(win.window, win.version, filter);
  const pastBoard = usePastBoard(past.board, past.version, filter);
  const pastFigures = useMemo<OverviewFigures | null>(() => (past.board ? { counters: past.board.counters, ...past.board.figures } : null), [past.board]);
  // What the page shows: the moment's answer, or live; while a moment loads, the last view stays (and says so).
  const current: Shown | null = looking
    ? past.board
      ? { board: pastBoard, version: past.version, map: { field: pastField, version: past.version }, figures: pastFigures, past: true }
      : null
    : win.window
      ? { board: liveBoard, version: win.version, map: liveField, figures: summary, past: false }
      : null;
  const last = useRef<Shown | null>(null);
  if (current) last.current = current;
  const shown = current ?? (looking ? last.current : null);
  const loadingPast = looking && (past.loading || !past.board);
  const error = looking ? (past.error ?? moment.error) : win.error;
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
      {span && <TimeControl moment={moment} span={span} timeZone={info.timeZone} eventDate={info.date} />}
      {moment.error && <p className="error">{moment.error}</p>}
      {error && <p className="error">{error}</p>}
      {loadingPast && !error && (
        <p className="time-loading muted" role="status" data-testid="time-loading">
          {t('timeTravel.loading')}
        </p>
      )}
      {!shown ? (
        <p className="page">{t('app.loading')}</p>
      ) : (
        <Past clock={looking ? momentClock : null}>
          <div className="race-panes" data-at={moment.at ?? 'live'} aria-busy={loadingPast}>
            <div className="pane pane-board">
              <Leaderboard info={info} race={race} board={shown.board} filter={filter} version={shown.version} onRange={onRange} />
            </div>
            <div className="pane pane-map">
              {mapShown &&
                (shown.map.field ? (
                  <CourseMap info={info} race={race} field={shown.map.field} version={shown.map.version} pastRows={shown.past ? past.race?.rows : undefined} />
                ) : (
                  <p className="page">{t('app.loading')}</p>
                ))}
            </div>
            <div className="pane pane-overview">
              {view === 'overview' && (shown.figures ? <Overview info={info} figures={shown.figures} /> : <p className="page">{t('app.loading')}</p>)}
            </div>
          </div>
        </Past>
      )}
    </main>
  );
}

/** One view of the page: its board, map and overview figures, live or as at a moment. */
interface Shown {
  board: Board;
  version: number;
  map: { field: ReturnType<typeof useField>['field']; version: number };
  figures: OverviewFigures | null;
  past: boolean;
}

/** Live views below draw with the moment's clock when the page looks back. */
function Past({ clock, children }: { clock: { now(): number; observe(t: number): void } | null; children: ReactNode }) {
  return clock ? <ClockOverride clock={clock}>{children}</ClockOverride> : <>{children}</>;
}
