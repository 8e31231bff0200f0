// Runners per nation (finished and still on course), as a bar chart with flags.
import { Bar, BarChart, Legend, ResponsiveContainer, XAxis, YAxis, type YAxisTickContentProps } from 'recharts';
import type { EventInfo } from '../../../../shared/domain';
import { Flag } from '../../Flag';
import { useScreenT } from '../screen-i18n';
import type { NationCount } from '../screen-selectors';
import { Panel } from './common';

export function NationsPanel({ info, counts, fontPx }: { info: EventInfo; counts: NationCount[]; fontPx: number }) {
  const t = useScreenT();
  const tick = ({ x, y, payload }: YAxisTickContentProps) => (
    <foreignObject x={Number(x) - fontPx * 5.4} y={Number(y) - fontPx * 0.7} width={fontPx * 5.2} height={fontPx * 1.4}>
      <div className="nation-tick">
        <Flag countries={info.countries} code={String(payload.value)} />
        <span>{String(payload.value)}</span>
      </div>
    </foreignObject>
  );
  return (
    <Panel kind="nations" title={t('nations')}>
      <div className="chart">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={counts} layout="vertical" margin={{ left: fontPx * 5.6, right: fontPx, top: 0, bottom: 0 }} barCategoryGap="18%">
            <XAxis type="number" allowDecimals={false} stroke="#cbd5e1" tick={{ fill: '#e2e8f0', fontSize: fontPx * 0.8 }} />
            <YAxis type="category" dataKey="country" tick={tick} width={1} interval={0} stroke="#cbd5e1" />
            <Legend verticalAlign="top" align="right" wrapperStyle={{ fontSize: fontPx * 0.8, paddingBottom: fontPx * 0.4 }} />
            <Bar dataKey="finished" name={t('finished')} stackId="n" fill="#facc15" isAnimationActive={false} />
            <Bar dataKey="onCourse" name={t('onCourse')} stackId="n" fill="#38bdf8" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </Panel>
  );
}
