// The stadium big screen: rotating panels, full screen, no interaction. Whatever was last received
// stays on screen while the connection is down; a discreet mark says it is reconnecting.
import { useEffect, useMemo } from 'react';
import { useLocation, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { RehearsalBanner } from '../RehearsalBanner';
import type { Race } from '../../../shared/domain';
import { useLive } from '../live/LiveProvider';
import { usePreloadedFlags } from '../Flag';
import { PanelBoundary } from './PanelBoundary';
import { RaceFeeds, useRaceStates } from './RaceFeeds';
import { slidesFor, type Slide } from './rotation';
import { parseScreenConfig } from './screen-config';
import { SCREEN_LANGUAGES, SCREEN_NS, ScreenLanguageContext, screenLanguage } from './screen-i18n';
import { gendersOf, lastFinishTime, leadersOf } from './screen-selectors';
import { approachingOf, latestOf, nationsOf, type RaceStageOf } from './stage-selectors';
import { chosenRaces, useEventInfoLive } from './use-event-live';
import { NEWS_MS, useRotation, type News } from './use-rotation';
import { useNewLeaders } from './use-new-leaders';
import { podium, type PodiumGroup } from './leaders';
import { ClockPanel, RaceClocks } from './RaceClocks';
import { useNow, useViewportFont } from './use-screen-clock';
import { ApproachingPanel } from './panels/ApproachingPanel';
import { CountersPanel } from './panels/CountersPanel';
import { LatestPanel } from './panels/LatestPanel';
import { MapPanel } from './panels/MapPanel';
import { NationsPanel } from './panels/NationsPanel';
import { ScreenPinLayer } from './panels/PinCard';
import { PodiumPanel } from './panels/PodiumPanel';
import { TopPanel } from './panels/TopPanel';
import './screen.css';
import './screen-clock.css';
import './screen-tables.css';
import './screen-map.css';
import './screen-pin.css';

const LATEST_ROWS = 10;
const APPROACHING_ROWS = 10;
const NATIONS = 10;

export function ScreenPage() {
  const { eventId = '' } = useParams();
  const { search } = useLocation();
  const { config, problems } = useMemo(() => parseScreenConfig(search), [search]);
  const lang = screenLanguage(search);
  const { t } = useTranslation(SCREEN_NS, { lng: lang });
  const { state: connection, clock } = useLive();
  const { info, error } = useEventInfoLive(eventId);
  const { states, fields, version, onChange, onField } = useRaceStates();
  const races: Race[] = useMemo(() => (info ? chosenRaces(info, config.races) : []), [info, config.races]);
  const raceIds = useMemo(() => races.map((r) => r.id), [races]);
  const now = useNow(1000, () => clock.now());
  const fontPx = useViewportFont();
  usePreloadedFlags(info?.countries);

  useEffect(() => {
    document.documentElement.classList.add('screen-mode');
    return () => document.documentElement.classList.remove('screen-mode');
  }, []);

  // Each race's stage: its leaders, latest finishers and who approaches the finish, a few dozen rows.
  const stages = useMemo(() => {
    const list: RaceStageOf[] = [];
    for (const race of races) {
      const stage = states.get(race.id);
      if (stage) list.push({ race, stage });
    }
    return list;
    // `version` is a dependency: the map of stages changes in place.
  }, [races, states, version]);

  // A race's podium is a slide once its first three have finished.
  const podiums = useMemo(() => {
    const found = new Map<string, PodiumGroup[]>();
    for (const { race, stage } of stages) {
      const groups = podium(race, stage.leaders, gendersOf(stage.leaders));
      if (groups) found.set(race.id, groups);
    }
    return found;
  }, [stages]);
  const podiumKey = [...podiums.keys()].join(',');
  const slides = useMemo(() => {
    const all = slidesFor(config.panels, raceIds);
    const ready = all.filter((s) => s.panel !== 'podium' || podiumKey.split(',').includes(s.raceId!));
    // A screen set to podiums only says it is waiting rather than showing nothing.
    return ready.length > 0 ? ready : all;
  }, [config.panels, raceIds, podiumKey]);

  // News is compared with what every race showed first: a race whose snapshot comes in later is not news.
  const allIn = stages.length > 0 && stages.length === races.length;
  const news: News | null = useMemo(
    () =>
      allIn
        ? { lastFinish: lastFinishTime(stages.map(({ race, stage }) => ({ race, rows: stage.latest }))), leaders: leadersOf(stages.map(({ race, stage }) => ({ race, rows: stage.leaders }))) }
        : null,
    [stages, allIn],
  );
  const slide = useRotation(slides, config.secondsPerPanel * 1000, news, Boolean(info) && allIn);
  const newLeaders = useNewLeaders(news?.leaders ?? null, Math.min(NEWS_MS, config.secondsPerPanel * 1000));

  // Never an empty stage: until a slide has its data (a reload without the server), say so.
  const body = (info && slide ? renderSlide(slide) : null) ?? <div className="screen-loading">{error && !info ? error : t('loading')}</div>;

  function renderSlide(s: Slide) {
    const multi = races.length > 1;
    const race = s.raceId ? races.find((r) => r.id === s.raceId) : undefined;
    const stage = race ? states.get(race.id) : undefined;
    switch (s.panel) {
      case 'top':
        return race ? <TopPanel info={info!} race={race} rows={stage?.leaders ?? []} count={config.topCount} newLeaders={newLeaders} /> : null;
      case 'latest':
        return <LatestPanel info={info!} finishers={latestOf(stages, LATEST_ROWS)} showRace={multi} />;
      case 'approaching':
        return (
          <ApproachingPanel
            info={info!}
            entries={approachingOf(stages, { now, horizonMs: config.horizonMs, overdueMs: 60_000, limit: APPROACHING_ROWS })}
            now={now}
            horizonMs={config.horizonMs}
            showRace={multi}
          />
        );
      case 'counters':
        return <CountersPanel races={races.flatMap((r) => (states.get(r.id) ? [{ race: r, counters: states.get(r.id)!.counters }] : []))} />;
      case 'nations':
        return <NationsPanel info={info!} counts={nationsOf(stages, NATIONS)} fontPx={fontPx} />;
      case 'map':
        return race && stage ? <MapPanel info={info!} race={race} stage={stage} field={fields.get(race.id)?.field} version={fields.get(race.id)?.version ?? 0} /> : null;
      case 'clock':
        return <ClockPanel races={races} />;
      case 'podium': {
        return race ? <PodiumPanel info={info!} race={race} groups={podiums.get(race.id) ?? []} /> : null;
      }
    }
  }

  return (
    <ScreenLanguageContext.Provider value={lang}>
      <div className="screen" dir={SCREEN_LANGUAGES[lang]} lang={lang} data-testid="screen" data-slide={slide ? `${slide.panel}${slide.raceId ? `:${slide.raceId}` : ''}` : ''}>
        {info && (
          <div className="screen-bar">
            <div className="screen-title">
              {info.name}
              <RehearsalBanner rehearsal={info.rehearsal} label={t('rehearsal')} />
            </div>
            <RaceClocks races={races} />
          </div>
        )}
        <div className="screen-stage" key={slideKey(slide)}>
          <PanelBoundary>{body}</PanelBoundary>
        </div>
        {info && <ScreenPinLayer eventId={eventId} info={info} states={states} />}
        {connection !== 'live' && (
          <div className="screen-reconnecting" data-testid="screen-reconnecting" data-state={connection} role="status">
            {connection === 'offline' ? t('offline') : t('reconnecting')}
          </div>
        )}
        {problems.length > 0 && <div className="screen-problems">{problems.join(' · ')}</div>}
        <RaceFeeds eventId={eventId} raceIds={raceIds} withField={config.panels.includes('map')} onChange={onChange} onField={onField} />
      </div>
    </ScreenLanguageContext.Provider>
  );
}

const slideKey = (s: Slide | null) => (s ? `${s.panel}:${s.raceId ?? ''}` : 'none');
