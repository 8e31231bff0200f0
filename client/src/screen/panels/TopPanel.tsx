// Leaders of one race per gender: time at the last mat (or the finish), gap to the leader and the
// projected finish on a second line; a runner who just took the lead is highlighted.
import type { EventInfo, Gender, Race } from '../../../../shared/domain';
import { formatDuration } from '../../../../shared/format';
import type { RunnerRow } from '../../../../shared/views';
import { Flag } from '../../Flag';
import { leaderLines } from '../leaders';
import { formatGap } from '../race-clock';
import { useScreenT } from '../screen-i18n';
import { gendersOf } from '../screen-selectors';
import { Name, Panel, whereName } from './common';

/** Two-line rows: more would not fit a 16:9 screen. */
const MAX_ROWS = 8;

export const GENDER_KEY: Record<Gender, string> = { F: 'women', M: 'men', X: 'other' };

export function TopPanel({ info, race, rows, count, newLeaders }: { info: EventInfo; race: Race; rows: RunnerRow[]; count: number; newLeaders: ReadonlySet<string> }) {
  const t = useScreenT();
  const anyFinished = rows.some((r) => r.status === 'finished');
  return (
    <Panel kind="top" title={anyFinished ? t('top') : t('leaders')} subtitle={race.name}>
      <div className="columns">
        {gendersOf(rows).map((gender) => (
          <div className="column" key={gender}>
            <h3>{t(GENDER_KEY[gender])}</h3>
            <ol className="rows">
              {leaderLines(race, rows, gender, Math.min(count, MAX_ROWS)).map((e, i) => {
                const fresh = i === 0 && newLeaders.has(e.bib);
                return (
                  <li key={e.bib} className={`row leader-row ${e.status}${fresh ? ' new-leader' : ''}`} data-bib={e.bib} data-leader={i === 0 ? '' : undefined} data-new-leader={fresh ? '' : undefined}>
                    <span className="place">{e.places?.gender ?? ''}</span>
                    <Flag countries={info.countries} code={e.country} />
                    <Name row={e} />
                    <span className="time" data-time={e.time ?? undefined}>
                      {formatDuration(e.time)}
                    </span>
                    <span className="leader-detail">
                      {/* The mat's name is isolated so "5 km" reads right inside Persian text. */}
                      <span className="at">{e.status === 'finished' ? t('finish') : `\u2068${whereName(race, e)}\u2069`}</span>
                      {fresh && <span className="fresh">{t('newLeader')}</span>}
                      <span className="gap" data-gap={e.gap ?? undefined}>
                        {e.gap === null ? '' : `${e.gapEstimated ? '≈' : ''}${formatGap(e.gap)}`}
                      </span>
                      {e.projected !== null && (
                        <span className="projected" data-projected={e.projected}>
                          {t('projectedFinish', { time: formatDuration(e.projected) })}
                        </span>
                      )}
                    </span>
                  </li>
                );
              })}
            </ol>
          </div>
        ))}
      </div>
    </Panel>
  );
}
