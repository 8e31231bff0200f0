// Top of one race per gender: finishers with their time, or the leaders on course before anyone finishes.
import type { EventInfo, Gender, Race } from '../../../../shared/domain';
import { formatDuration } from '../../../../shared/format';
import type { RunnerRow } from '../../../../shared/views';
import { Flag } from '../../Flag';
import { useScreenT } from '../screen-i18n';
import { gendersOf, topOf } from '../screen-selectors';
import { Name, Panel, pointName } from './common';

const GENDER_KEY: Record<Gender, string> = { F: 'women', M: 'men', X: 'other' };

export function TopPanel({ info, race, rows, count }: { info: EventInfo; race: Race; rows: RunnerRow[]; count: number }) {
  const t = useScreenT();
  const anyFinished = rows.some((r) => r.status === 'finished');
  return (
    <Panel kind="top" title={anyFinished ? t('top') : t('leaders')} subtitle={race.name}>
      <div className="columns">
        {gendersOf(rows).map((gender) => (
          <div className="column" key={gender}>
            <h3>{t(GENDER_KEY[gender])}</h3>
            <ol className="rows">
              {topOf(race, rows, gender, count).map((e) => (
                <li key={e.bib} className={`row ${e.status}`} data-bib={e.bib}>
                  <span className="place">{e.places?.gender ?? ''}</span>
                  <Flag countries={info.countries} code={e.country} />
                  <Name row={e} />
                  {/* The mat's name is isolated so "5 km" reads right inside Persian text. */}
                  <span className="time">
                    {e.status === 'finished'
                      ? formatDuration(race.ranking === 'gun' ? e.gunTime : e.netTime)
                      : t('at', { point: `\u2068${pointName(race, e.lastPoint)}\u2069` })}
                  </span>
                </li>
              ))}
            </ol>
          </div>
        ))}
      </div>
    </Panel>
  );
}
