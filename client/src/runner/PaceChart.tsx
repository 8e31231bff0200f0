// Pace per segment (Recharts): lower bars are faster.
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatPace } from '../../../shared/format';
import type { Split } from '../../../shared/views';

export function PaceChart({ splits }: { splits: readonly Split[] }) {
  const data = splits.filter((s) => s.segmentPace !== null).map((s) => ({ name: s.name, pace: Math.round(s.segmentPace!) }));
  if (data.length === 0) return null;
  // From the data, not from 0: paces differ by seconds per km, which a 0-based axis flattens.
  const { domain, ticks } = paceAxis(data.map((d) => d.pace));
  return (
    <div className="chart" data-testid="pace-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" fontSize={12} />
          <YAxis tickFormatter={(v: number) => formatPace(v).replace('/km', '')} fontSize={12} width={44} domain={domain} ticks={ticks} allowDataOverflow />
          <Tooltip formatter={(v) => formatPace(Number(v))} />
          <Bar dataKey="pace" fill="#0f766e" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

const STEPS = [5, 10, 15, 20, 30, 60, 120, 300];

/** Round ticks (every 5, 10, 15… seconds per km) around the paces, with a margin above and below. */
export function paceAxis(paces: readonly number[]): { domain: [number, number]; ticks: number[] } {
  const low = Math.min(...paces);
  const high = Math.max(...paces);
  const step = STEPS.find((s) => s * 4 >= high - low) ?? STEPS[STEPS.length - 1];
  const from = Math.max(0, Math.floor((low - step) / step) * step);
  const to = Math.ceil((high + step) / step) * step;
  const ticks: number[] = [];
  for (let v = from; v <= to; v += step) ticks.push(v);
  return { domain: [from, to], ticks };
}
