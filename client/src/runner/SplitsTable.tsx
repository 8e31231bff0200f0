import { useTranslation } from 'react-i18next';
import type { Race } from '../../../shared/domain';
import { formatDuration, formatPace, formatTimeOfDay } from '../../../shared/format';
import type { RunnerDetail } from '../../../shared/views';
import { ScrollRegion } from './ScrollRegion';

interface Props {
  runner: RunnerDetail;
  race: Race;
  timeZone: string;
  /** The runner's place now, shown at their latest split. */
  currentPlace: number | null;
  /** Places at earlier mats, by `point#lap`, as the server computed them. */
  placeAt: ReadonlyMap<string, number | null>;
}

export function SplitsTable({ runner, race, timeZone, currentPlace, placeAt }: Props) {
  const { t } = useTranslation();
  const loop = race.kind === 'loop';
  return (
    <ScrollRegion label={t('runner.splits')} hint={t('runner.scrollHint')} testId="splits-scroll">
      <table className="splits" data-testid="splits">
        <thead>
          <tr>
            <th>{t('splits.point')}</th>
            {loop && <th>{t('splits.lap')}</th>}
            <th>{t('splits.timeOfDay')}</th>
            <th>{t('splits.gun')}</th>
            <th>{t('splits.net')}</th>
            <th>{t('splits.pace')}</th>
            <th>{t('splits.place')}</th>
          </tr>
        </thead>
        <tbody>
          {runner.splits.map((s, i) => (
            <tr key={`${s.point}-${s.lap ?? 0}`} className={s.inferred ? 'muted' : ''}>
              <td>{s.name}</td>
              {loop && <td>{s.lap ?? ''}</td>}
              <td>{formatTimeOfDay(s.time, timeZone)}</td>
              <td>{formatDuration(s.gun)}</td>
              <td>{formatDuration(s.net)}</td>
              <td>{formatPace(s.segmentPace)}</td>
              <td>{i === runner.splits.length - 1 && currentPlace !== null ? currentPlace : (placeAt.get(`${s.point}#${s.lap ?? 0}`) ?? '–')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
