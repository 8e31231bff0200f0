// Started, on course and finished per race, in numbers big enough for the far stand.
import type { Race } from '../../../../shared/domain';
import type { RaceCounters } from '../../../../shared/views';
import { useScreenT } from '../screen-i18n';
import { Panel } from './common';

export function CountersPanel({ races }: { races: { race: Race; counters: RaceCounters }[] }) {
  const t = useScreenT();
  return (
    <Panel kind="counters" title={t('counters')}>
      <div className="counters">
        {races.map(({ race, counters }) => (
          <div className="counter-race" key={race.id} data-race={race.id}>
            <h3>{race.name}</h3>
            {(['started', 'onCourse', 'finished'] as const).map((k) => (
              <div className={`counter counter-${k}`} key={k} data-counter={k}>
                <span className="value">{counters[k].toLocaleString()}</span>
                <span className="label">{t(k)}</span>
              </div>
            ))}
          </div>
        ))}
      </div>
    </Panel>
  );
}
