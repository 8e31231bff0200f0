// Device tokens for the timing equipment: create (the token is shown once), list, revoke; and the
// state of each Race Result decoder link (connected, last passing, last error).
import { useState } from 'react';
import { formatTimeOfDay } from '../../../shared/format';
import { formatDateTime } from '../../../shared/event-time';
import type { DecoderLinkState } from '../../../shared/organizer-api';
import { useTranslation } from 'react-i18next';
import { consoleApi } from './console-api';
import { Message } from './Message';
import { useAction, useLoad } from './use-async';
import { useEventClock } from './event-clock';

export function DevicesPage({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const { timeZone: tz } = useEventClock();
  const { data, reload } = useLoad(() => consoleApi.devices(eventId), [eventId]);
  const timing = useLoad(() => consoleApi.timingDevices(eventId), [eventId]);
  const links = new Map(timing.data?.devices.map((d) => [d.id, d.link]));
  const [name, setName] = useState('');
  const [token, setToken] = useState<string | null>(null);
  const [run, busy, message] = useAction();
  return (
    <div className="page">
      <h1>{t('console.devices.title')}</h1>
      <form className="console-inline" onSubmit={(e) => (e.preventDefault(), void run(async () => { const made = await consoleApi.createDevice(eventId, name); setToken(made.token); setName(''); reload(); }))}>
        <label>{t('console.deviceList.name')} <input value={name} onChange={(e) => setName(e.target.value)} required /></label>
        <button type="submit" disabled={busy}>{t('console.deviceList.create')}</button>
      </form>
      {token && <p className="console-ok">{t('console.deviceList.token')} <code>{token}</code></p>}
      <Message message={message} />
      <table className="console-table">
        <thead><tr><th>{t('console.deviceList.columns.name')}</th><th>{t('console.deviceList.columns.created')}</th><th>{t('console.deviceList.columns.contact')}</th><th>{t('console.deviceList.columns.link')}</th><th /></tr></thead>
        <tbody>
          {data?.devices.map((d) => (
            <tr key={d.id}>
              <td>{d.name}</td><td>{formatDateTime(d.createdAt, tz)}</td><td>{formatDateTime(d.lastSeenAt, tz)}</td>
              <td><LinkState link={links.get(d.id) ?? null} /></td>
              <td>{d.revokedAt ? t('console.deviceList.revoked') : <button type="button" onClick={() => void run(async () => (await consoleApi.revokeDevice(eventId, d.id), reload(), t('console.deviceList.wasRevoked', { name: d.name })))}>{t('console.deviceList.revoke')}</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function LinkState({ link }: { link: DecoderLinkState | null }) {
  const { t } = useTranslation();
  const { timeZone: tz } = useEventClock();
  if (!link) return <span className="console-muted">{t('console.deviceList.none')}</span>;
  const where = `${link.address.host}:${link.address.port}`;
  if (link.connected) return <span className="console-ok">{t('console.deviceList.connected', { where, time: formatTimeOfDay(link.lastPassingAt, tz) })}</span>;
  return (
    <span className="console-bad">
      {t('console.deviceList.down', { where })}{link.lastError && `: ${t('console.deviceList.lastError', { message: link.lastError.message, time: formatTimeOfDay(link.lastError.at, tz) })}`}
    </span>
  );
}
