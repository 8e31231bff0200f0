// The first three of a race per gender, shown once three runners have finished it.
import type { EventInfo, Race } from '../../../../shared/domain';
import { formatDuration } from '../../../../shared/format';
import { Flag } from '../../Flag';
import type { PodiumGroup } from '../leaders';
import { useScreenT } from '../screen-i18n';
import { Name, Panel } from './common';
import { GENDER_KEY } from './TopPanel';

export function PodiumPanel({ info, race, groups }: { info: EventInfo; race: Race; groups: PodiumGroup[] }) {
  const t = useScreenT();
  return (
    <Panel kind="podium" title={t('podium')} subtitle={race.name}>
      {groups.length === 0 && <p className="empty">{t('noPodium')}</p>}
      <div className="columns">
        {groups.map(({ gender, entries }) => (
          <div className="column podium-column" key={gender}>
            <h3>{t(GENDER_KEY[gender])}</h3>
            <ol className="podium">
              {entries.map((e) => (
                <li key={e.bib} className={`podium-step step-${e.places?.gender ?? 0}`} data-bib={e.bib}>
                  <span className="place">{e.places?.gender ?? ''}</span>
                  <Flag countries={info.countries} code={e.country} />
                  <Name row={e} />
                  <span className="time">{formatDuration(race.ranking === 'gun' ? e.gunTime : e.netTime)}</span>
                </li>
              ))}
            </ol>
          </div>
        ))}
      </div>
    </Panel>
  );
}
