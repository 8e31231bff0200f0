// One runner: who, where (last seen, projected finish, ETA at the next mat), splits and pace.
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { formatDuration, formatDurationRange, formatPace, formatTimeOfDay, formatTimeRange } from '../../../shared/format';
import type { RunnerDetail } from '../../../shared/views';
import { api } from '../api';
import { Flag } from '../Flag';
import { useEventInfo } from '../live/event-context';
import { useFollow } from '../follow/FollowProvider';
import { FollowButton } from '../follow/FollowButton';
import { AlertButton } from '../follow/AlertButton';
import { useLive } from '../live/LiveProvider';
import { RunnerName } from '../leaderboard/RunnerName';
import { StatusBadge } from '../leaderboard/StatusBadge';
import { SplitsTable } from './SplitsTable';
import { PaceChart } from './PaceChart';
import { pointName } from './points';
import { ShareButton } from './ShareButton';
import { RunnerMap } from './RunnerMap';
import { useCountryName } from '../i18n/country-name';

export function RunnerPage() {
  const info = useEventInfo();
  const { bib = '' } = useParams();
  const { t } = useTranslation();
  const country = useCountryName(info.countries);
  const { details, setViewing } = useFollow();
  const { clock } = useLive();
  const [fetched, setFetched] = useState<RunnerDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setViewing(bib);
    const abort = new AbortController();
    api.runner(info.id, bib, abort.signal).then(setFetched, (e: Error) => !abort.signal.aborted && setError(e.message));
    return () => {
      setViewing(null);
      abort.abort();
    };
  }, [info.id, bib, setViewing]);

  // Places at each mat come from the server; fetch again when the live runner passes another mat.
  const liveSplits = details.get(bib)?.splits.length;
  useEffect(() => {
    if (liveSplits === undefined || liveSplits === fetched?.splits.length) return;
    const abort = new AbortController();
    api.runner(info.id, bib, abort.signal).then(setFetched, () => undefined);
    return () => abort.abort();
  }, [info.id, bib, liveSplits, fetched?.splits.length]);
  const placeAt = useMemo(() => new Map((fetched?.splits ?? []).map((s) => [`${s.point}#${s.lap ?? 0}`, s.place ?? null])), [fetched]);

  const runner = details.get(bib) ?? (fetched?.bib === bib ? fetched : null);
  const race = info.races.find((r) => r.id === runner?.raceId);
  // The server places the runner in the whole field; the page never receives the field.
  const places = details.get(bib)?.places ?? null;

  if (!runner || !race) return <main className="page">{error ? <p className="error">{t('runner.notFound')}</p> : t('app.loading')}</main>;
  const now = clock.now();
  const overdue = runner.status === 'onCourse' && runner.nextEta !== null && now > runner.nextEta;
  const last = runner.splits.at(-1);
  return (
    <main className="runner-page" data-testid="runner-page">
      <Link to={`/e/${info.id}/race/${race.id}`} className="muted">
        <span className="back-arrow" aria-hidden="true">←</span> {t('runner.back')}
      </Link>
      <div className="runner-head">
        <span className="bib">{runner.bib}</span>
        <h1>
          <Flag countries={info.countries} code={runner.country} /> <RunnerName row={runner} />
        </h1>
        <StatusBadge status={runner.status} />
        <FollowButton bib={runner.bib} />
        <ShareButton title={runner.name ?? runner.bib} />
        <AlertButton bib={runner.bib} />
        <span className="muted">
          {race.name}
          {runner.country ? ` · ${country(runner.country)}` : ''}
        </span>
      </div>
      <section className="card facts">
        <div>
          <span className="muted">{t('runner.place')}</span>
          {places ? (
            <strong data-testid="place" className="places">
              <span data-testid="place-overall">{t('runner.placeOverall')} {places.overall}</span>
              <span data-testid="place-gender">{t(`gender.${runner.gender}`)} {places.gender}</span>
              {runner.ageGroup && places.ageGroup !== null && <span data-testid="place-age-group">{t('runner.placeAgeGroup', { group: runner.ageGroup })} {places.ageGroup}</span>}
            </strong>
          ) : (
            <strong data-testid="place">–</strong>
          )}
        </div>
        <div>
          <span className="muted">{runner.status === 'finished' ? t('runner.finishTime') : t('runner.projectedFinish')}</span>
          <strong data-testid="projected">
            {runner.status === 'finished' ? formatDuration(race.ranking === 'gun' ? runner.gunTime : runner.netTime) : formatDuration(runner.projectedNet)}
          </strong>
          {runner.status !== 'finished' && runner.projectedNet !== null && (
            // Every figure says what it is: the likely range, the clock time of the finish, the time still to run.
            <small className="projected-more muted" data-testid="projected-more">
              {runner.projectedRange && <span data-testid="projected-range">{t('runner.range')} <span className="figure">{formatDurationRange(runner.projectedRange)}</span></span>}
              <span data-testid="projected-at">{t('runner.finishAt', { time: formatTimeOfDay((runner.startTime ?? 0) + runner.projectedNet, info.timeZone) })}</span>
              {runner.startTime !== null && <span data-testid="projected-to-go">{t('runner.toGo', { time: formatDuration(Math.max(0, runner.startTime + runner.projectedNet - now)) })}</span>}
            </small>
          )}
        </div>
        {runner.status === 'onCourse' && (
          <div>
            <span className="muted">{t('runner.eta', { point: pointName(race, runner.nextPoint) })}</span>
            <strong data-testid="eta">
              {formatTimeOfDay(runner.nextEta, info.timeZone)}
              {overdue && <span className="error"> · {t('runner.overdue')}</span>}
            </strong>
            {runner.nextEtaRange && (
              <small className="muted" data-testid="eta-range" title={t('runner.rangeHint')}>
                {t('runner.range')}{' '}
                <span className="figure">{formatTimeRange(runner.nextEtaRange, info.timeZone)}</span>
              </small>
            )}
          </div>
        )}
        <div>
          <span className="muted">{t('runner.pace')}</span>
          <strong>{formatPace(runner.pace)}</strong>
        </div>
        {race.loop && (
          <div>
            <span className="muted">{t('runner.laps')}</span>
            <strong>
              {runner.laps ?? 0} / {race.loop.laps}
            </strong>
          </div>
        )}
        <div>
          <span className="muted">{last ? t('runner.lastSeen', { point: last.name, time: formatTimeOfDay(last.time, info.timeZone) }) : t('runner.notSeen')}</span>
        </div>
      </section>
      <section className="card">
        <h3>{t('runner.splits')}</h3>
        {runner.splits.length === 0 ? <p className="muted">{t('runner.noSplits')}</p> : <SplitsTable runner={runner} race={race} timeZone={info.timeZone} currentPlace={places?.overall ?? null} placeAt={placeAt} />}
      </section>
      <section className="card">
        <h3>{t('runner.paceChart')}</h3>
        <PaceChart splits={runner.splits} />
      </section>
      <RunnerMap race={race} runner={runner} />
    </main>
  );
}
