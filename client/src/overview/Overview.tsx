// Race overview: counters, a finish-time histogram and runners per country. The figures come from
// the server's race summary (live) or from a race looked back at.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { EventInfo } from '../../../shared/domain';
import { formatDuration } from '../../../shared/format';
import type { RaceSummary } from '../../../shared/race-view';
import { Flag } from '../Flag';
import { useCountryName } from '../i18n/country-name';

export type OverviewFigures = Pick<RaceSummary, 'counters' | 'histogram' | 'countries'>;

interface Props {
  info: EventInfo;
  figures: OverviewFigures;
}

const COUNTERS = ['registered', 'started', 'onCourse', 'finished', 'dnf', 'dns'] as const;

export function Overview({ info, figures }: Props) {
  const { t } = useTranslation();
  const country = useCountryName(info.countries);
  const histogram = useMemo(() => figures.histogram.map((b) => ({ label: formatDuration(b.from), count: b.count })), [figures.histogram]);
  const { countries, counters } = figures;

  return (
    <section className="overview" data-testid="overview">
      <div className="card">
        <h3>{t('overview.counters')}</h3>
        <div className="counters">
          {COUNTERS.map((c) => (
            <div key={c} className="counter" data-testid={`counter-${c}`}>
              <strong>{counters[c]}</strong>
              <span className="muted">{t(`overview.${c}`)}</span>
            </div>
          ))}
        </div>
      </div>
      <div className="card">
        <h3>{t('overview.histogram')}</h3>
        {histogram.length === 0 ? (
          <p className="muted">{t('overview.noFinishers')}</p>
        ) : (
          <div className="chart">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={histogram}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="label" fontSize={11} />
                <YAxis allowDecimals={false} fontSize={11} width={32} />
                <Tooltip />
                <Bar dataKey="count" name={t('overview.runners')} fill="#0f766e" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        )}
      </div>
      <div className="card">
        <h3>
          {t('overview.countries')} ({countries.length})
        </h3>
        <ul className="country-list">
          {countries.map(({ code, count }) => (
            <li key={code}>
              <Flag countries={info.countries} code={code} /> <span className="country-name">{country(code)}</span>
              <span className="country-bar" style={{ width: `${(count / countries[0].count) * 100}%` }} />
              <strong>{count}</strong>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
