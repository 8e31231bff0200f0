// Pace per segment (Recharts): lower bars are faster.
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatPace } from '../../../shared/format';
import type { Split } from '../../../shared/views';

export function PaceChart({ splits }: { splits: readonly Split[] }) {
  const data = splits.filter((s) => s.segmentPace !== null).map((s) => ({ name: s.name, pace: Math.round(s.segmentPace!) }));
  if (data.length === 0) return null;
  return (
    <div className="chart" data-testid="pace-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" fontSize={12} />
          <YAxis tickFormatter={(v: number) => formatPace(v).replace('/km', '')} fontSize={12} width={44} domain={[0, 'auto']} />
          <Tooltip formatter={(v) => formatPace(Number(v))} />
          <Bar dataKey="pace" fill="#0f766e" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
