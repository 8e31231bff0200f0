// Course history: earlier years' results files attached to a race, the projections' prior early in
// the race (docs/engine-models.md). Upload, list, remove, per point-to-point race.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTimeOfDay } from '../../../shared/format';
import { consoleApi } from './console-api';
import { historyApi } from './history-api';
import { Message } from './Message';
import { useAction, useLoad } from './use-async';
import { useEventClock } from './event-clock';

export function HistoryPage({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const setup = useLoad(() => consoleApi.setup(eventId), [eventId]);
  const races = setup.data?.races.filter((r) => r.kind === 'point-to-point') ?? [];
  return (
    <div className="page">
      <h1>{t('console.history.title')}</h1>
      <p className="console-muted">{t('console.history.help')}</p>
      {setup.data && races.length === 0 && <p>{t('console.history.noRaces')}</p>}
      {races.map((race) => (
        <RaceHistory key={race.id} eventId={eventId} raceId={race.id} raceName={race.name} />
      ))}
    </div>
  );
}

function RaceHistory({ eventId, raceId, raceName }: { eventId: string; raceId: string; raceName: string }) {
  const { t } = useTranslation();
  const { data, reload } = useLoad(() => historyApi.list(eventId, raceId), [eventId, raceId]);
  const { timeZone: tz } = useEventClock();
  const [file, setFile] = useState<File | null>(null);
  const [run, busy, message] = useAction();
  const upload = () =>
    void run(async () => {
      if (!file) throw new Error(t('console.history.chooseFile'));
      const { file: added } = await historyApi.upload(eventId, raceId, file.name, await file.text());
      reload();
      return t('console.history.added', { name: added.name, finishers: added.finishers, segments: added.segments });
    });
  return (
    <section className="console-card" data-testid={`history-${raceId}`}>
      <h2>{raceName}</h2>
      <form className="console-inline" onSubmit={(e) => (e.preventDefault(), upload())}>
        <label>
          {t('console.history.file')} <input type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="history-file" />
        </label>
        <button type="submit" disabled={busy || !file} data-testid="history-upload">{t('console.history.upload')}</button>
      </form>
      <Message message={message} />
      {data && data.files.length === 0 && <p className="console-muted">{t('console.history.none')}</p>}
      {data && data.files.length > 0 && (
        <table className="console-table">
          <thead>
            <tr><th>{t('console.history.columns.name')}</th><th>{t('console.history.columns.finishers')}</th><th>{t('console.history.columns.segments')}</th><th>{t('console.history.columns.added')}</th><th /></tr>
          </thead>
          <tbody>
            {data.files.map((f) => (
              <tr key={f.id}>
                <td>{f.name}</td><td>{f.finishers}</td><td>{f.segments}</td><td>{formatTimeOfDay(f.uploadedAt, tz)}</td>
                <td>
                  <button type="button" disabled={busy} onClick={() => void run(async () => (await historyApi.remove(eventId, raceId, f.id), reload(), t('console.history.removed', { name: f.name })))}>
                    {t('console.history.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
