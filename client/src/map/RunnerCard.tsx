// The card of a runner clicked on the map: honest about the estimate.
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { EventInfo, Race } from '../../../shared/domain';
import { formatDistance, formatTimeOfDay } from '../../../shared/format';
import type { RunnerRow } from '../../../shared/views';
import { useLive } from '../live/LiveProvider';
import { RunnerName } from '../leaderboard/RunnerName';
import { pointName } from '../runner/points';
import { estimate, trackable } from './runner-estimate';

export function RunnerCard({ info, race, row, onClose }: { info: EventInfo; race: Race; row: RunnerRow; onClose(): void }) {
  const { t } = useTranslation();
  const { clock } = useLive();
  const track = trackable(row, race);
  const est = track ? estimate(track, clock.now()) : null;
  return (
    <div className="map-card" data-testid="map-card">
      <button type="button" className="follow" onClick={onClose} aria-label="×">
        ×
      </button>
      <Link to={`/e/${info.id}/runner/${row.bib}`}>
        <span className="bib">{row.bib}</span> <RunnerName row={row} />
      </Link>
      <div className="muted">
        {row.lastPoint && row.lastTime
          ? t('runner.lastSeen', { point: pointName(race, row.lastPoint), time: formatTimeOfDay(row.lastTime, info.timeZone) })
          : t('runner.notSeen')}
      </div>
      {est && (
        <div>
          {t('runner.estimate')}: ~{formatDistance(est.distance)}
          {est.overdue && <strong className="error"> · {t('runner.overdue')}</strong>}
        </div>
      )}
    </div>
  );
}
