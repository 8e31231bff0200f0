// Live monitoring: mats (reads, last read, devices, silent-mat and device-offline alerts), overdue
// runners (a safety list, sortable, with where each expected arrival comes from), flagged results
// to review, and runners between each pair of mats. Live as soon as the page opens.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OverdueRunner } from '../../../shared/organizer';
import { formatDuration, formatTimeOfDay } from '../../../shared/format';
import { consoleApi } from './console-api';
import { Message } from './Message';
import { ClusterCard } from './ClusterCard';
import { MonitoringAlerts } from './MonitoringAlerts';
import { useAction } from './use-async';
import { useMonitoring } from './use-monitoring';
import { useEventClock } from './event-clock';

type SortKey = 'overdueMs' | 'bib' | 'lastTime' | 'raceId';

export function MonitoringPage({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const m = (key: string, options?: Record<string, unknown>) => t(`console.monitoring.${key}`, options ?? {});
  const { timeZone: tz } = useEventClock();
  const [tolerance, setTolerance] = useState(10);
  const [silence, setSilence] = useState(3);
  const { report, error, lastAudit } = useMonitoring(eventId, { overdueToleranceSeconds: tolerance * 60, silenceSeconds: silence * 60 });
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'overdueMs', desc: true });
  const [run, busy, message] = useAction();
  const overdue = useMemo(() => sortRunners(report?.overdue ?? [], sort.key, sort.desc), [report, sort]);
  const header = (key: SortKey, label: string) => (
    <th>
      <button type="button" className="sort" onClick={() => setSort({ key, desc: sort.key === key ? !sort.desc : key === 'overdueMs' })}>
        {label}{sort.key === key ? (sort.desc ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  );

  return (
    <div className="page monitoring">
      <h1>{m('title')}</h1>
      <div className="console-inline">
        <label>{m('overdueAfter')} <input name="tolerance" type="number" min={0} value={tolerance} onChange={(e) => setTolerance(Number(e.target.value))} /></label>
        <label>{m('silentAfter')} <input name="silence" type="number" min={1} value={silence} onChange={(e) => setSilence(Number(e.target.value))} /></label>
        {report ? (
          <span className="muted" data-testid="monitoring-updated">{m('updated', { time: formatTimeOfDay(report.at, tz) })}{lastAudit && ` · ${m('lastChange', { change: lastAudit })}`}</span>
        ) : (
          <span className="muted">{m('noReport')}</span>
        )}
      </div>
      {error && <p className="error">{error}</p>}
      <MonitoringAlerts report={report} overdue={overdue.length} />

      <section className="console-card">
        <h2>{m('mats')}</h2>
        <table className="console-table mats">
          <thead><tr><th>{m('mat')}</th><th>{m('races')}</th><th>{m('oneMinute')}</th><th>{m('fiveMinutes')}</th><th>{m('lastRead')}</th><th>{m('devices')}</th><th>{m('dueNow')}</th><th /></tr></thead>
          <tbody>
            {report?.mats.map((mat) => (
              <tr key={mat.point} className={mat.silent ? 'silent' : ''} data-point={mat.point}>
                <td>{mat.name}</td><td>{mat.raceIds.join(', ')}</td><td>{mat.readsLastMinute}</td><td>{mat.readsLastFiveMinutes}</td>
                <td>{mat.lastReceivedAt ? formatTimeOfDay(mat.lastReceivedAt, tz) : '–'}</td>
                <td>{mat.devices.map((d) => `${d.name}${d.backup ? ` [${m('backup')}]` : ''} (${d.lastContactAt ? formatTimeOfDay(d.lastContactAt, tz) : '–'})`).join(', ')}</td>
                <td>{mat.expectedNow}</td><td>{m(`state.${mat.alert ?? 'ok'}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="console-card">
        <h2>{m('overdue')} {report && report.overdueTotal > overdue.length && <span className="muted">{m('longest', { shown: overdue.length, total: report.overdueTotal })}</span>}</h2>
        <table className="console-table overdue">
          <thead><tr>{header('bib', m('bib'))}<th>{m('name')}</th>{header('raceId', m('race'))}<th>{m('lastSeen')}</th>{header('lastTime', m('at'))}<th>{m('expectedAt')}</th><th>{m('expectedFrom')}</th>{header('overdueMs', m('overdueBy'))}</tr></thead>
          <tbody>
            {overdue.map((r) => (
              <tr key={r.bib} data-bib={r.bib}>
                <td>{r.bib}</td><td>{r.name}</td><td>{r.raceId}</td><td>{r.lastPoint ?? '–'}</td><td>{r.lastTime ? formatTimeOfDay(r.lastTime, tz) : '–'}</td>
                <td>{r.nextPoint} {formatTimeOfDay(r.nextEta, tz)}</td><td data-source={r.etaSource}>{m(`source.${r.etaSource}`)}</td><td>{formatDuration(r.overdueMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="console-card">
        <h2>{m('flagged')} {report && <span className="muted">{report.flaggedTotal}</span>}</h2>
        <table className="console-table flagged">
          <tbody>
            {report?.flagged.map((f) => (
              <tr key={f.bib} className={f.possibleCut ? 'cut' : ''}>
                <td>{f.bib}</td><td>{f.name}</td><td>{f.raceId}</td><td>{f.possibleCut ? m('possibleCut') : m('missingSplits')}</td><td>{f.flags.join('; ')}</td>
                <td>
                  {f.reviewed ? m('reviewed') : (
                    <>
                      <button type="button" disabled={busy} onClick={() => void run(async () => (await consoleApi.review(eventId, f.bib, { reason: 'reviewed in monitoring', outcome: 'accepted' }), m('accepted', { bib: f.bib })))}>{m('accept')}</button>
                      <button type="button" disabled={busy} onClick={() => void run(async () => (await consoleApi.review(eventId, f.bib, { reason: 'course cutting', outcome: 'dq' }), m('disqualified', { bib: f.bib })))}>{m('dq')}</button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Message message={message} />
      </section>

      <ClusterCard />

      <section className="console-card">
        <h2>{m('between')}</h2>
        <table className="console-table">
          <tbody>
            {report?.segments.map((s) => <tr key={`${s.raceId}-${s.from}-${s.to}`}><td>{s.raceId}</td><td>{s.from} → {s.to}</td><td>{s.runners}</td></tr>)}
          </tbody>
        </table>
      </section>
    </div>
  );
}

function sortRunners(rows: readonly OverdueRunner[], key: SortKey, desc: boolean): OverdueRunner[] {
  const value = (r: OverdueRunner) => (key === 'bib' ? Number(r.bib) || r.bib : key === 'lastTime' ? (r.lastTime ?? 0) : r[key]);
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    const c = va < vb ? -1 : va > vb ? 1 : 0;
    return desc ? -c : c;
  });
}
