// The announcer's view: who reaches the chosen timing point next, soonest first, live. Made for a
// tablet: large touch targets, choices kept in the URL so a reload keeps them.
import { useMemo } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { RehearsalBanner } from '../RehearsalBanner';
import { formatDistance, formatDuration, formatDurationRange, formatTimeOfDay } from '../../../shared/format';
import { useLive } from '../live/LiveProvider';
import { Flag, usePreloadedFlags } from '../Flag';
import { Name } from '../screen/panels/common';
import { RaceFeeds, useRaceStates } from '../screen/RaceFeeds';
import { SCREEN_LANGUAGES, SCREEN_NS, ScreenLanguageContext, screenLanguage } from '../screen/screen-i18n';
import { chosenRaces, useEventInfoLive } from '../screen/use-event-live';
import { useNow } from '../screen/use-screen-clock';
import { pointChoices } from './speaker-list';
import { approachingOf, type RaceStageOf } from '../screen/stage-selectors';
import { useScreenPin } from '../screen/use-screen-pin';
import { usePinControl } from './use-pin-control';
import './speaker.css';

const WINDOWS = [2, 5, 10, 15, 30];
/** How long a pin stays on the big screen, seconds. */
const PIN_TIMES = [10, 20, 30, 60];
const ROWS = 40;
/** Runners this much slower than projected stay on the list until the mat reads them. */
const OVERDUE_MS = 2 * 60_000;

export function SpeakerPage() {
  const { eventId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const lang = screenLanguage(params.toString());
  const { t } = useTranslation(SCREEN_NS, { lng: lang });
  const { state: connection, clock } = useLive();
  const { info, error } = useEventInfoLive(eventId);
  const { states, version, onChange, onField } = useRaceStates();
  const now = useNow(1000, () => clock.now());
  usePreloadedFlags(info?.countries);

  const raceFilter = useMemo(() => (params.get('races') ?? '').split(',').filter(Boolean), [params]);
  const races = useMemo(() => (info ? chosenRaces(info, raceFilter) : []), [info, raceFilter]);
  const raceIds = useMemo(() => races.map((r) => r.id), [races]);
  const choices = useMemo(() => pointChoices(races), [races]);
  const point = choices.some((c) => c.id === params.get('point')) ? params.get('point')! : 'finish';
  const minutes = WINDOWS.includes(Number(params.get('minutes'))) ? Number(params.get('minutes')) : 5;
  const pinSeconds = PIN_TIMES.includes(Number(params.get('pin'))) ? Number(params.get('pin')) : 20;
  const control = usePinControl(eventId);
  const pinned = useScreenPin(eventId);

  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };

  // Each race's stage at the chosen point: the server's list of who reaches it next, taken here for
  // this tablet's clock and window.
  const list = useMemo(() => {
    const input: RaceStageOf[] = [];
    for (const race of races) {
      const stage = states.get(race.id);
      if (stage && stage.point === point) input.push({ race, stage });
    }
    return approachingOf(input, { now, horizonMs: minutes * 60_000, overdueMs: OVERDUE_MS, limit: ROWS });
    // `version` is a dependency: the map of stages changes in place.
  }, [races, states, version, point, minutes, now]);

  if (!info) return <main className="speaker">{error ?? t('loading')}</main>;
  const pointLabel = point === 'finish' ? t('finish') : choices.find((c) => c.id === point)?.name ?? point;
  const raceName = (id: string) => info.races.find((r) => r.id === id)?.name ?? id;

  return (
    <ScreenLanguageContext.Provider value={lang}>
      <main className="speaker" dir={SCREEN_LANGUAGES[lang]} lang={lang} data-testid="speaker">
        <RehearsalBanner rehearsal={info.rehearsal} label={t('rehearsal')} />
        <header className="speaker-head">
          <h1>{t('speakerTitle', { point: pointLabel })}</h1>
          <label>
            {t('point')}
            <select value={point} onChange={(e) => set('point', e.target.value)} data-testid="speaker-point">
              {choices.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.id === 'finish' ? t('finish') : c.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('minutes')}
            <select value={minutes} onChange={(e) => set('minutes', e.target.value)} data-testid="speaker-minutes">
              {WINDOWS.map((m) => (
                <option key={m} value={m}>
                  {t('minutesValue', { minutes: m })}
                </option>
              ))}
            </select>
          </label>
          {control.allowed && (
            <label>
              {t('pinThis')}
              <select value={pinSeconds} onChange={(e) => set('pin', e.target.value)} data-testid="speaker-pin-seconds">
                {PIN_TIMES.map((s) => (
                  <option key={s} value={s}>
                    {t('pinFor', { seconds: s })}
                  </option>
                ))}
              </select>
            </label>
          )}
          <span className={`speaker-connection ${connection}`} data-testid="speaker-connection">
            {connection === 'live' ? formatTimeOfDay(now, info.timeZone) : t('reconnecting')}
          </span>
        </header>
        {pinned && (
          <div className="speaker-pinned" data-testid="speaker-pinned" data-bib={pinned.pin.runner.bib}>
            {t('pinnedNow', { name: pinned.pin.runner.name ?? pinned.pin.runner.bib })} ({formatDuration(pinned.endsAt - now)})
            {control.allowed && (
              <button type="button" onClick={() => void control.unpin()}>
                {t('unpin')}
              </button>
            )}
          </div>
        )}
        {control.error && <p className="speaker-error">{control.error}</p>}
        {list.length === 0 ? (
          <p className="speaker-empty">{t('noneApproaching', { minutes })}</p>
        ) : (
          <ol className="speaker-list" data-testid="speaker-list">
            {list.map((e) => (
              <li key={`${e.raceId}/${e.runner.bib}`} className={`speaker-row${control.allowed ? ' pinnable' : ''}`} data-bib={e.runner.bib} data-eta={e.eta}>
                <span className="eta">
                  {e.eta <= now ? t('due') : formatDuration(e.eta - now)}
                  {e.range && e.range[1] > now && (
                    <small className="eta-range" data-testid="eta-range">
                      {formatDurationRange([Math.max(0, e.range[0] - now), e.range[1] - now])}′
                    </small>
                  )}
                </span>
                <span className="bib">{e.runner.bib}</span>
                <span className="who">
                  <Name row={e.runner} />
                  <span className="meta">
                    <Flag countries={info.countries} code={e.runner.country} />
                    {e.runner.country ?? ''}
                    {e.runner.ageGroup ? ` · ${e.runner.ageGroup}` : ''}
                    {races.length > 1 ? ` · ${raceName(e.raceId)}` : ''}
                  </span>
                </span>
                <span className="place">
                  {e.runner.places ? `${e.runner.places.overall}.` : ''}
                  <small>{e.runner.places ? ` (${e.runner.gender} ${e.runner.places.gender})` : ''}</small>
                </span>
                <span className="togo">
                  {formatDistance(e.toGo)} {t('toGo')}
                </span>
                {control.allowed && !e.runner.private && (
                  <button type="button" className="pin" data-testid="pin-button" onClick={() => void control.pin(e.runner.bib, pinSeconds)}>
                    {t('pinThis')}
                  </button>
                )}
              </li>
            ))}
          </ol>
        )}
        <RaceFeeds eventId={eventId} raceIds={raceIds} point={point} onChange={onChange} onField={onField} />
      </main>
    </ScreenLanguageContext.Provider>
  );
}
