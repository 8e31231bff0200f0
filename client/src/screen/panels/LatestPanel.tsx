// The last finishers as they cross, newest on top: place and bib labelled as such, net time and
// the place in the age group.
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
        <>
          <div className="row row-head" aria-hidden="true">
            <span className="place">{t('place')}</span>
            <span className="bib">{t('bib')}</span>
            <span className="name">{t('name')}</span>
            {showRace && <span className="race">{t('race')}</span>}
            <span className="group">{t('agPlace')}</span>
            <span className="time">{t('netTime')}</span>
          </div>
          <ol className="rows">
            {finishers.map((f) => (
              <li key={`${f.raceId}/${f.bib}`} className="row finished" data-bib={f.bib}>
                <span className="place">{f.places?.overall ?? ''}</span>
                <span className="bib">{f.bib}</span>
                <Flag countries={info.countries} code={f.country} />
                <Name row={f} />
                {showRace && <span className="race">{raceName(f.raceId)}</span>}
                <span className="group">{f.ageGroup && f.places?.ageGroup ? `${f.places.ageGroup}. ${f.gender}${f.ageGroup}` : ''}</span>
                <span className="time">{formatDuration(f.netTime)}</span>
              </li>
            ))}
          </ol>
        </>
      )}
    </Panel>
  );
}
