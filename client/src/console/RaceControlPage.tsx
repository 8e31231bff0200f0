// Race control: start guns (GunControl.tsx), a runner's status and privacy (also from the keyboard), moving a
// runner, manual and corrected splits, and reads of unknown chips.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EntrantStatus } from '../../../shared/domain';
import { formatDuration, formatTimeOfDay } from '../../../shared/format';
import { parseEventTime } from '../../../shared/event-time';
import { useEventClock } from './event-clock';
import { consoleApi } from './console-api';
import { Message } from './Message';
import { GunControl } from './GunControl';
import { QuickControl } from './QuickControl';
import { useAction, useLoad } from './use-async';

export function RaceControlPage({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const r = (key: string, options?: Record<string, unknown>) => t(`console.runnerControl.${key}`, options ?? {});
  const clock = useEventClock();
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
  const tz = setup?.timeZone ?? clock.timeZone;
  // A split's time as typed, in the event's zone on its date unless it says otherwise.
  const splitAt = split.time.trim() ? parseEventTime(split.time, tz, setup?.date ?? clock.date) : null;
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
        <h2>{r('title')}</h2>
        <label>{r('bib')} <input name="runner-bib" value={bib} onChange={(e) => setBib(e.target.value.trim())} /></label>
        {runner.error && <p className="error">{runner.error}</p>}
        {entrant && runner.data && (
          <>
            <p className="runner-summary">
              <strong>{entrant.name}</strong> · {entrant.raceId} · {r('status')} <span data-status>{runner.data.runner.status}</span>
              {entrant.statusReason && ` (${entrant.statusReason})`} · <span data-privacy>{entrant.private ? t('console.control.private') : t('console.control.public')}</span> · {runner.data.runner.flags.join('; ')}
            </p>
            <label>{r('reason')} <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder={r('reasonHint')} /></label>
            <div className="console-inline">
              <select name="status" value={status} onChange={(e) => setStatus(e.target.value as EntrantStatus)}>
                <option value="dns">DNS</option><option value="dnf">DNF</option><option value="dq">DQ</option><option value="registered">{r('registered')}</option>
              </select>
              <button type="button" disabled={busy} onClick={() => void run(async () => (await consoleApi.status(eventId, bib, { status, reason }), done(r('statusSet', { bib, status }))))}>{r('setStatus')}</button>
            </div>
            <div className="console-inline">
              <select name="move-race" value={moveTo} onChange={(e) => setMoveTo(e.target.value)}>
                <option value="">{r('moveTo')}</option>
                {races.filter((r) => r.id !== entrant.raceId).map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
              </select>
              <button type="button" disabled={busy || !moveTo} onClick={() => void run(async () => (await consoleApi.move(eventId, bib, { raceId: moveTo, reason }), done(r('moved', { bib, race: moveTo }))))}>{r('move')}</button>
            </div>
            <div className="console-inline">
              <select value={split.point} onChange={(e) => setSplit({ ...split, point: e.target.value })}>
                <option value="">{r('splitAt')}</option>
                {races.find((r) => r.id === entrant.raceId)?.timingPoints.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
              </select>
              <input name="split-time" aria-label={r('splitTime')} value={split.time} placeholder={t('console.clock.typeTime')} aria-invalid={split.time.trim() !== '' && splitAt === null} onChange={(e) => setSplit({ ...split, time: e.target.value })} />
              {split.time.trim() !== '' && splitAt === null && <span className="muted">{t('console.clock.notATime')}</span>}
              <button type="button" disabled={busy || !split.point || splitAt === null} onClick={() => void run(async () => (await consoleApi.manualSplit(eventId, bib, { point: split.point, time: splitAt!, reason }), done(r('splitAdded'))))}>{r('addSplit')}</button>
            </div>
            <table className="console-table">
              <thead><tr><th>#</th><th>{r('mat')}</th><th>{r('time')}</th><th>{r('device')}</th><th /></tr></thead>
              <tbody>
                {runner.data.reads.map((read) => (
                  <tr key={read.seq} className={read.ignored ? 'ignored' : ''}>
                    <td>{read.seq}</td><td>{read.point}</td><td>{formatTimeOfDay(read.time, tz)}</td><td>{read.device}</td>
                    <td>{read.ignored ? r('setAsideBecause', { reason: read.ignored.reason }) : <button type="button" disabled={busy} onClick={() => void run(async () => (await consoleApi.ignoreRead(eventId, read.seq, reason), done(r('readSetAside', { seq: read.seq }))))}>{r('setAside')}</button>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="muted">{r('splits', { splits: runner.data.runner.splits.map((s) => `${s.name} ${formatDuration(s.net ?? s.gun)}`).join(' · ') || r('none') })}</p>
          </>
        )}
      </section>

      <section className="console-card">
        <h2>{r('unknownChips')}</h2>
        {unmatched.data?.unmatched.length === 0 && <p className="muted">{r('noUnknown')}</p>}
        <table className="console-table">
          <tbody>
            {unmatched.data?.unmatched.filter((u) => u.kind === 'chip').map((u) => (
              <tr key={u.value}>
                <td>{u.value}</td><td>{r('readsAt', { count: u.reads, points: u.points.join(', ') })}</td><td>{formatTimeOfDay(u.last, tz)}</td>
                <td>
                  <input aria-label={r('bibFor', { chip: u.value })} value={assign[u.value] ?? ''} onChange={(e) => setAssign({ ...assign, [u.value]: e.target.value })} placeholder={r('bib')} />
                  <button type="button" disabled={busy} onClick={() => void run(async () => (await consoleApi.assign(eventId, { chip: u.value, bib: assign[u.value], reason: reason || undefined }), done(r('assigned', { chip: u.value }))))}>{r('assign')}</button>
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
