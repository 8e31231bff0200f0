// Pieces every panel uses: a runner's name (never a private entrant's), the panel frame.
import type { ReactNode } from 'react';
import type { Race } from '../../../../shared/domain';
import type { RunnerRow } from '../../../../shared/views';
import { useScreenT } from '../screen-i18n';

export function Name({ row }: { row: Pick<RunnerRow, 'name' | 'private'> }) {
  const t = useScreenT();
  if (row.private || row.name === null) return <span className="name private">{t('private')}</span>;
  return <span className="name">{row.name}</span>;
}

export function Panel({ kind, title, subtitle, children }: { kind: string; title: string; subtitle?: string; children: ReactNode }) {
  return (
    <section className={`panel panel-${kind}`} data-panel={kind}>
      <header className="panel-head">
        <h1>{title}</h1>
        {subtitle && <h2>{subtitle}</h2>}
      </header>
      <div className="panel-body">{children}</div>
    </section>
  );
}

export function pointName(race: Race, pointId: string | null): string {
  return race.timingPoints.find((p) => p.id === pointId)?.name ?? '';
}

/** Where a runner was last timed: the mat's name, with the lap on a loop ("Lap 3"). */
export function whereName(race: Race, row: Pick<RunnerRow, 'lastPoint' | 'laps'>): string {
  const name = pointName(race, row.lastPoint);
  return race.kind === 'loop' && row.laps ? `${name} ${row.laps}` : name;
}
