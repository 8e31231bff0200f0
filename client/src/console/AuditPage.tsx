// The audit log: every manual change and every change made with a device token, newest first,
// with who, when, why, before and after; filtered by action, runner and time.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTimeOfDay } from '../../../shared/format';
import type { AuditQuery } from '../../../shared/organizer';
import { consoleApi } from './console-api';
import { useLoad } from './use-async';

const show = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v));
/** Actions the log holds; a family ending in "." matches all of its actions. */
const ACTIONS = ['runner.', 'runner.status', 'runner.privacy', 'runner.move', 'race.gun', 'timing.', 'timing.device', 'timing.backfill', 'timing.tracker', 'device.', 'entrants.', 'read.ignore', 'flags.review'];
/** A datetime-local value (the browser's zone) as ISO with its zone, or nothing. */
const iso = (local: string) => (local ? new Date(local).toISOString() : undefined);

export function AuditPage({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const a = (key: string) => t(`console.audit.${key}`);
  const [filter, setFilter] = useState({ action: '', runner: '', from: '', to: '' });
  const query: AuditQuery = { action: filter.action || undefined, runner: filter.runner.trim() || undefined, from: iso(filter.from), to: iso(filter.to) };
  const { data, error, reload } = useLoad(() => consoleApi.audit(eventId, query), [eventId, JSON.stringify(query)]);
  const set = (key: keyof typeof filter) => (e: { target: { value: string } }) => setFilter({ ...filter, [key]: e.target.value });
  return (
    <div className="page">
      <h1>{a('title')} <button type="button" onClick={reload}>{a('refresh')}</button></h1>
      <div className="console-inline audit-filters">
        <label>{a('action')} <select name="audit-action" value={filter.action} onChange={set('action')}><option value="">{a('anyAction')}</option>{ACTIONS.map((x) => <option key={x} value={x}>{x.endsWith('.') ? `${x}*` : x}</option>)}</select></label>
        <label>{a('runner')} <input name="audit-runner" value={filter.runner} onChange={set('runner')} size={8} /></label>
        <label>{a('from')} <input name="audit-from" type="datetime-local" value={filter.from} onChange={set('from')} /></label>
        <label>{a('to')} <input name="audit-to" type="datetime-local" value={filter.to} onChange={set('to')} /></label>
      </div>
      {error && <p className="error">{error}</p>}
      {data?.entries.length === 0 && <p className="muted">{a('none')}</p>}
      <table className="console-table audit">
        <thead><tr><th>{a('when')}</th><th>{a('who')}</th><th>{a('action')}</th><th>{a('target')}</th><th>{a('reason')}</th><th>{a('before')}</th><th>{a('after')}</th></tr></thead>
        <tbody>
          {data?.entries.map((e) => (
            <tr key={e.id} data-action={e.action}>
              <td>{new Date(e.at).toLocaleDateString()} {formatTimeOfDay(e.at)}</td><td>{e.actor}</td><td>{e.action}</td><td>{e.target}</td><td>{e.reason}</td>
              <td><code>{show(e.before)}</code></td><td><code>{show(e.after)}</code></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
