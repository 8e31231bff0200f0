// "My runners": followed runners with their latest split and the ETA at the next mat.
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { formatDuration, formatTimeOfDay } from '../../../shared/format';
import { useEventInfo } from '../live/event-context';
import { useFollow } from './FollowProvider';
import { AlertButton } from './AlertButton';
import { RunnerName } from '../leaderboard/RunnerName';
import { StatusBadge } from '../leaderboard/StatusBadge';
import { pointName } from '../runner/points';

export function MyRunners() {
  const info = useEventInfo();
  const { followed, details } = useFollow();
  const { t } = useTranslation();
  if (followed.length === 0) return null;
  return (
    <section className="my-runners" aria-label={t('follow.mine')} data-testid="my-runners">
      <h2 className="sr-only">{t('follow.mine')}</h2>
      <ul>
        {followed.map((bib) => {
          const r = details.get(bib);
          const race = info.races.find((x) => x.id === r?.raceId);
          const last = r?.splits.at(-1);
          return (
            <li key={bib} data-testid={`mine-${bib}`}>
              <Link to={`/e/${info.id}/runner/${bib}`}>
                <span className="bib">{bib}</span> {r ? <RunnerName row={r} /> : null}
                {r && <StatusBadge status={r.status} />}
                <span className="my-line">
                  {last ? t('mine.net', { point: last.name, time: formatDuration(last.net) }) : t('runner.notStarted')}
                  {r?.nextEta && race ? ` · ${t('mine.expected', { point: pointName(race, r.nextPoint), time: formatTimeOfDay(r.nextEta, info.timeZone) })}` : ''}
                </span>
              </Link>
              <AlertButton bib={bib} />
            </li>
          );
        })}
      </ul>
    </section>
  );
}
