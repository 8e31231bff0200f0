// Race control: start guns (GunControl.tsx), a runner's status and privacy (also from the keyboard), moving a
// runner, manual and corrected splits, and reads of unknown chips.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EntrantStatus } from '../../../shared/domain';
import { formatDuration, formatTimeOfDay } from '../../../shared/format';
import { consoleApi } from './console-api';
import { Message } from './Message';
import { GunControl } from './GunControl';
import { QuickControl } from './QuickControl';
import { useAction, useLoad } from './use-async';

export function RaceControlPage({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const { data: setup, reload } = useLoad(() => consoleApi.setup(eventId), [eventId]);
  const unmatched = useLoad(() => consoleApi.unmatched(eventId), [eventId]);
  const [run, busy, message] = useAction();
  const [bib, setBib] = useState('');
  const [runnerKey, setRunnerKey] = useState(0);
  const runner = useLoad(() => (bib ? consoleApi.runner(eventId, bib) : Promise.resolve(null)), [eventId, bib, runnerKey]);
  const [reason, setReason] = useState('');
  const [status, setStatus] = useState<EntrantStatus>('dns');
  const [moveTo, setMoveTo] = useState('');
  const [split, setSplit] = useState({ point: '', time: '' });
  const [assign, setAssign] = useState<Record<string, string>>({});
  const tz = setup?.timeZone ?? 'UTC';
  const races = setup?.races ?? [];
  const done = (note: string) => {
    reload();
    unmatched.reload();
    setRunnerKey((k) => k + 1);
    return note;
  };

  const entrant = runner.data?.entrant;
  return (
    <div className="page">
      <h1>{t('console.control.title')}</h1>
      <QuickControl eventId={eventId} run={run} busy={busy} done={done} />
      <GunControl eventId={eventId} setup={setup} run={run} busy={busy} done={done} />

      <section className="console-card">
        <h2>Runner</h2>
        <label>Bib <input name="runner-bib" value={bib} onChange={(e) => setBib(e.target.value.trim())} /></label>
        {runner.error && <p className="error">{runner.error}</p>}
        {entrant && runner.data && (
          <>
            <p className="runner-summary">
              <strong>{entrant.name}</strong> · {entrant.raceId} · status <span data-status>{runner.data.runner.status}</span>
              {entrant.statusReason && ` (${entrant.statusReason})`} · <span data-privacy>{entrant.private ? t('console.control.private') : t('console.control.public')}</span> · {runner.data.runner.flags.join('; ')}
            </p>
            <label>Reason <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="visa refused, moved at her request…" /></label>
            <div className="console-inline">
              <select name="status" value={status} onChange={(e) => setStatus(e.target.value as EntrantStatus)}>
                <option value="dns">DNS</option><option value="dnf">DNF</option><option value="dq">DQ</option><option value="registered">registered (undo)</option>
              </select>
              <button type="button" disabled={busy} onClick={() => void run(async () => (await consoleApi.status(eventId, bib, { status, reason }), done(`Bib ${bib}: ${status}`)))}>Set status</button>
            </div>
            <div className="console-inline">
              <select name="move-race" value={moveTo} onChange={(e) => setMoveTo(e.target.value)}>
                <option value="">move to race…</option>
                {races.filter((r) => r.id !== entrant.raceId).map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
              </select>
              <button type="button" disabled={busy || !moveTo} onClick={() => void run(async () => (await consoleApi.move(eventId, bib, { raceId: moveTo, reason }), done(`Bib ${bib} moved to ${moveTo}`)))}>Move runner</button>
            </div>
            <div className="console-inline">
              <select value={split.point} onChange={(e) => setSplit({ ...split, point: e.target.value })}>
                <option value="">split at…</option>
                {races.find((r) => r.id === entrant.raceId)?.timingPoints.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
              </select>
              <input value={split.time} placeholder="ISO time, e.g. 2026-04-17T09:41:12+03:30" onChange={(e) => setSplit({ ...split, time: e.target.value })} />
              <button type="button" disabled={busy || !split.point || !split.time} onClick={() => void run(async () => (await consoleApi.manualSplit(eventId, bib, { point: split.point, time: split.time, reason }), done('Split added')))}>Add split by hand</button>
            </div>
            <table className="console-table">
              <thead><tr><th>#</th><th>Mat</th><th>Time</th><th>Device</th><th /></tr></thead>
              <tbody>
                {runner.data.reads.map((r) => (
                  <tr key={r.seq} className={r.ignored ? 'ignored' : ''}>
                    <td>{r.seq}</td><td>{r.point}</td><td>{formatTimeOfDay(r.time, tz)}</td><td>{r.device}</td>
                    <td>{r.ignored ? `set aside: ${r.ignored.reason}` : <button type="button" disabled={busy} onClick={() => void run(async () => (await consoleApi.ignoreRead(eventId, r.seq, reason), done(`Read ${r.seq} set aside`)))}>Set aside</button>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="muted">Splits: {runner.data.runner.splits.map((s) => `${s.name} ${formatDuration(s.net ?? s.gun)}`).join(' · ') || 'none'}</p>
          </>
        )}
      </section>

      <section className="console-card">
        <h2>Reads of unknown chips</h2>
        {unmatched.data?.unmatched.length === 0 && <p className="muted">None.</p>}
        <table className="console-table">
          <tbody>
            {unmatched.data?.unmatched.filter((u) => u.kind === 'chip').map((u) => (
              <tr key={u.value}>
                <td>{u.value}</td><td>{u.reads} reads at {u.points.join(', ')}</td><td>{formatTimeOfDay(u.last, tz)}</td>
                <td>
                  <input aria-label={`bib for ${u.value}`} value={assign[u.value] ?? ''} onChange={(e) => setAssign({ ...assign, [u.value]: e.target.value })} placeholder="bib" />
                  <button type="button" disabled={busy} onClick={() => void run(async () => (await consoleApi.assign(eventId, { chip: u.value, bib: assign[u.value], reason: reason || undefined }), done(`Chip ${u.value} assigned`)))}>Assign</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <Message message={message} />
    </div>
  );
}
