// The audit log: every manual change and every change made with a device token, newest first,
// with who, when, why, before and after; filtered by action, runner and time. An entrants import
// or a gun change is undone from here, after a question that says what the undo will change.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, parseEventTime } from '../../../shared/event-time';
import type { AuditQuery } from '../../../shared/organizer';
import type { UndoPreview } from '../../../shared/organizer-api';
import { ConfirmDialog } from './ConfirmDialog';
import { consoleApi } from './console-api';
import { useEventClock } from './event-clock';
import { Message } from './Message';
import { useAction, useLoad } from './use-async';

const show = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v));
/** Actions the log holds; a family ending in "." matches all of its actions. */
const ACTIONS = ['runner.', 'runner.status', 'runner.privacy', 'runner.move', 'race.', 'race.gun', 'race.gun.correct', 'timing.', 'timing.device', 'timing.backfill', 'timing.tracker', 'device.', 'entrants.', 'read.ignore', 'flags.review', 'screen.', 'undo'];
/** A datetime-local value, read in the event's zone (not the browser's), as ISO, or nothing. */
function iso(local: string, timeZone: string, date: string): string | undefined {
  const ms = local ? parseEventTime(local, timeZone, date) : null;
  return ms === null ? undefined : new Date(ms).toISOString();
}

export function AuditPage({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const a = (key: string, options?: Record<string, unknown>) => t(`console.audit.${key}`, options ?? {});
  const { timeZone: tz, date } = useEventClock();
  const [filter, setFilter] = useState({ action: '', runner: '', from: '', to: '' });
  const query: AuditQuery = { action: filter.action || undefined, runner: filter.runner.trim() || undefined, from: iso(filter.from, tz, date), to: iso(filter.to, tz, date) };
  const { data, error, reload } = useLoad(() => consoleApi.audit(eventId, query), [eventId, JSON.stringify(query)]);
  const [asking, setAsking] = useState<UndoPreview | null>(null);
  const [run, busy, message] = useAction();
  const set = (key: keyof typeof filter) => (e: { target: { value: string } }) => setFilter({ ...filter, [key]: e.target.value });

  const askUndo = (id: number) => void run(async () => setAsking(await consoleApi.undoPreview(eventId, id)));
  const undo = () =>
    void run(async () => {
      const { undone } = await consoleApi.undo(eventId, asking!.auditId);
      setAsking(null);
      reload();
      return a('undoneNote', { id: undone });
    });

  return (
    <div className="page">
      <h1>{a('title')} <button type="button" onClick={reload}>{a('refresh')}</button></h1>
      <div className="console-inline audit-filters">
        <label>{a('action')} <select name="audit-action" value={filter.action} onChange={set('action')}><option value="">{a('anyAction')}</option>{ACTIONS.map((x) => <option key={x} value={x}>{t(`console.auditActions.${x.endsWith('.') ? `${x.slice(0, -1)}_all` : x.replace(/\./g, '_')}`)}</option>)}</select></label>
        <label>{a('runner')} <input name="audit-runner" value={filter.runner} onChange={set('runner')} size={8} /></label>
        <label>{a('from')} <input name="audit-from" type="datetime-local" value={filter.from} onChange={set('from')} /></label>
        <label>{a('to')} <input name="audit-to" type="datetime-local" value={filter.to} onChange={set('to')} /></label>
      </div>
      {error && <p className="error">{error}</p>}
      <Message message={message} />
      {data?.entries.length === 0 && <p className="muted">{a('none')}</p>}
      <table className="console-table audit">
        <thead><tr><th>{a('when')}</th><th>{a('who')}</th><th>{a('action')}</th><th>{a('target')}</th><th>{a('reason')}</th><th>{a('before')}</th><th>{a('after')}</th><th /></tr></thead>
        <tbody>
          {data?.entries.map((e) => (
            <tr key={e.id} data-action={e.action} data-id={e.id}>
              <td>{formatDateTime(e.at, tz)}</td><td>{e.actor}</td><td>{e.action}</td><td>{e.target}</td><td>{e.reason}</td>
              <td><code>{show(e.before)}</code></td><td><code>{show(e.after)}</code></td>
              <td>
                {e.undoneBy !== null ? <span className="muted">{a('undone', { id: e.undoneBy })}</span> : e.undoable && <button type="button" disabled={busy} onClick={() => askUndo(e.id)}>{a('undo')}</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {asking && (
        <ConfirmDialog title={a('undoTitle', { action: asking.action, id: asking.auditId })} confirmLabel={a('undoConfirm')} busy={busy} onCancel={() => setAsking(null)} onConfirm={undo}>
          <p className="undo-summary">
            {asking.kind === 'gun'
              ? a('undoGun', { target: asking.waveId ? `${asking.raceId}/${asking.waveId}` : asking.raceId, from: formatDateTime(asking.from, tz), to: formatDateTime(asking.to, tz), zone: tz })
              : a('undoEntrants', { ...asking.changes })}
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
