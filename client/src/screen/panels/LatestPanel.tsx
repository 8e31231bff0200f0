// The last finishers as they cross, newest on top, with net time and place in their race.
import type { EventInfo } from '../../../../shared/domain';
import { formatDuration } from '../../../../shared/format';
import { Flag } from '../../Flag';
import { useScreenT } from '../screen-i18n';
import type { Finisher } from '../screen-selectors';
import { Name, Panel } from './common';

export function LatestPanel({ info, finishers, showRace }: { info: EventInfo; finishers: Finisher[]; showRace: boolean }) {
  const t = useScreenT();
  const raceName = (id: string) => info.races.find((r) => r.id === id)?.name ?? id;
  return (
    <Panel kind="latest" title={t('latest')}>
      {finishers.length === 0 ? (
        <p className="empty">{t('none')}</p>
      ) : (
        <ol className="rows">
          {finishers.map((f) => (
            <li key={`${f.raceId}/${f.bib}`} className="row finished" data-bib={f.bib}>
              <span className="place">{f.places?.overall ?? ''}</span>
              <Flag countries={info.countries} code={f.country} />
              <Name row={f} />
              {showRace && <span className="race">{raceName(f.raceId)}</span>}
              <span className="time">{formatDuration(f.netTime)}</span>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
