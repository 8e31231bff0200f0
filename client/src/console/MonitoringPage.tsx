// Live monitoring: mats (reads, last read, devices, silent-mat alerts), overdue runners (a safety
// list, sortable), flagged results to review, and runners between each pair of mats.
import { useMemo, useState } from 'react';
import type { OverdueRunner } from '../../../shared/organizer';
import { formatDuration, formatTimeOfDay } from '../../../shared/format';
import { consoleApi } from './console-api';
import { Message } from './Message';
import { useAction } from './use-async';
import { useMonitoring } from './use-monitoring';

type SortKey = 'overdueMs' | 'bib' | 'lastTime' | 'raceId';

export function MonitoringPage({ eventId }: { eventId: string }) {
  const [tolerance, setTolerance] = useState(10);
  const [silence, setSilence] = useState(3);
  const { report, error, lastAudit } = useMonitoring(eventId, { overdueToleranceSeconds: tolerance * 60, silenceSeconds: silence * 60 });
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'overdueMs', desc: true });
  const [run, busy, message] = useAction();
  const overdue = useMemo(() => sortRunners(report?.overdue ?? [], sort.key, sort.desc), [report, sort]);
  const silent = report?.mats.filter((m) => m.silent) ?? [];
  const header = (key: SortKey, label: string) => (
    <th>
      <button type="button" className="sort" onClick={() => setSort({ key, desc: sort.key === key ? !sort.desc : key === 'overdueMs' })}>
        {label}{sort.key === key ? (sort.desc ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  );

  return (
    <div className="page monitoring">
      <h1>Monitoring</h1>
      <div className="console-inline">
        <label>Overdue after (min) <input name="tolerance" type="number" min={0} value={tolerance} onChange={(e) => setTolerance(Number(e.target.value))} /></label>
        <label>Silent after (min) <input name="silence" type="number" min={1} value={silence} onChange={(e) => setSilence(Number(e.target.value))} /></label>
        {report && <span className="muted">updated {formatTimeOfDay(report.at)}{lastAudit && ` · last change: ${lastAudit}`}</span>}
      </div>
      {error && <p className="error">{error}</p>}
      <div className="alerts" aria-live="polite">
        {silent.map((m) => (
          <p key={m.point} className="alert alert-silent" role="alert">
            Silent mat: {m.name} ({m.point}) — {m.expectedNow} runners due, last read {m.lastReceivedAt ? formatTimeOfDay(m.lastReceivedAt) : 'never'}
          </p>
        ))}
        {overdue.length > 0 && <p className="alert alert-overdue" role="alert">{report?.overdueTotal ?? overdue.length} overdue runners</p>}
        {report && report.unmatchedReads > 0 && <p className="alert">{report.unmatchedReads} reads of unknown chips</p>}
      </div>

      <section className="console-card">
        <h2>Mats</h2>
        <table className="console-table mats">
          <thead><tr><th>Mat</th><th>Races</th><th>1 min</th><th>5 min</th><th>Last read</th><th>Devices (last contact)</th><th>Due now</th><th /></tr></thead>
          <tbody>
            {report?.mats.map((m) => (
              <tr key={m.point} className={m.silent ? 'silent' : ''} data-point={m.point}>
                <td>{m.name}</td><td>{m.raceIds.join(', ')}</td><td>{m.readsLastMinute}</td><td>{m.readsLastFiveMinutes}</td>
                <td>{m.lastReceivedAt ? formatTimeOfDay(m.lastReceivedAt) : '–'}</td>
                <td>{m.devices.map((d) => `${d.name} (${d.lastContactAt ? formatTimeOfDay(d.lastContactAt) : '–'})`).join(', ')}</td>
                <td>{m.expectedNow}</td><td>{m.silent ? 'SILENT' : 'ok'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="console-card">
        <h2>Overdue runners {report && report.overdueTotal > overdue.length && <span className="muted">(the {overdue.length} longest overdue of {report.overdueTotal})</span>}</h2>
        <table className="console-table overdue">
          <thead><tr>{header('bib', 'Bib')}<th>Name</th>{header('raceId', 'Race')}<th>Last seen</th>{header('lastTime', 'at')}<th>Expected at</th>{header('overdueMs', 'Overdue by')}</tr></thead>
          <tbody>
            {overdue.map((r) => (
              <tr key={r.bib} data-bib={r.bib}>
                <td>{r.bib}</td><td>{r.name}</td><td>{r.raceId}</td><td>{r.lastPoint ?? '–'}</td><td>{formatTimeOfDay(r.lastTime)}</td>
                <td>{r.nextPoint} {formatTimeOfDay(r.nextEta)}</td><td>{formatDuration(r.overdueMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="console-card">
        <h2>Flagged results (provisional until reviewed) {report && <span className="muted">{report.flaggedTotal}</span>}</h2>
        <table className="console-table flagged">
          <tbody>
            {report?.flagged.map((f) => (
              <tr key={f.bib} className={f.possibleCut ? 'cut' : ''}>
                <td>{f.bib}</td><td>{f.name}</td><td>{f.raceId}</td><td>{f.possibleCut ? 'possible course cutting' : 'missing splits'}</td><td>{f.flags.join('; ')}</td>
                <td>
                  {f.reviewed ? 'reviewed' : (
                    <>
                      <button type="button" disabled={busy} onClick={() => void run(async () => (await consoleApi.review(eventId, f.bib, { reason: 'reviewed in monitoring', outcome: 'accepted' }), `Bib ${f.bib} accepted`))}>Accept</button>
                      <button type="button" disabled={busy} onClick={() => void run(async () => (await consoleApi.review(eventId, f.bib, { reason: 'course cutting', outcome: 'dq' }), `Bib ${f.bib} disqualified`))}>DQ</button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Message message={message} />
      </section>

      <section className="console-card">
        <h2>Runners between mats</h2>
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
