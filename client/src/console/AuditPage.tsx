// The audit log: every manual change, newest first, with who, when, why, before and after.
import { formatTimeOfDay } from '../../../shared/format';
import { consoleApi } from './console-api';
import { useLoad } from './use-async';

const show = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v));

export function AuditPage({ eventId }: { eventId: string }) {
  const { data, error, reload } = useLoad(() => consoleApi.audit(eventId), [eventId]);
  return (
    <div className="page">
      <h1>Audit log <button type="button" onClick={reload}>Refresh</button></h1>
      {error && <p className="error">{error}</p>}
      <table className="console-table audit">
        <thead><tr><th>When</th><th>Who</th><th>Action</th><th>Target</th><th>Reason</th><th>Before</th><th>After</th></tr></thead>
        <tbody>
          {data?.entries.map((e) => (
            <tr key={e.id}>
              <td>{new Date(e.at).toLocaleDateString()} {formatTimeOfDay(e.at)}</td><td>{e.actor}</td><td>{e.action}</td><td>{e.target}</td><td>{e.reason}</td>
              <td><code>{show(e.before)}</code></td><td><code>{show(e.after)}</code></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
