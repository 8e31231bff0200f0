// A new rehearsal: a results file or one of this organizer's events, played again as an event of its
// own so the screen, the announcer view and the monitoring can be tried before race day.
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { EventSummary } from './console-api';
import { rehearsalApi } from './rehearsal-api';
import { useAction } from './use-async';
import { Message } from './Message';
import { FilePicker } from './FilePicker';

export function NewRehearsal({ events }: { events: EventSummary[] }) {
  const navigate = useNavigate();
  const { t } = useTranslation();
  const n = (key: string) => t(`console.newRehearsal.${key}`);
  const [run, busy, message] = useAction();
  const [form, setForm] = useState({ id: '', name: '', source: 'results' as 'results' | 'event', sourceEventId: '', sample: '' });
  const [file, setFile] = useState<File | null>(null);

  const create = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      if (form.source === 'results') {
        if (!file) throw new Error(n('chooseFile'));
        await rehearsalApi.fromResults(form.id, form.name, await file.text(), form.sample ? Number(form.sample) : undefined);
      } else {
        await rehearsalApi.fromEvent(form.id, form.name, form.sourceEventId);
      }
      navigate(`/console/events/${encodeURIComponent(form.id)}/rehearsal`);
    });
  };

  return (
    <form className="console-card" onSubmit={create} data-testid="new-rehearsal">
      <h2>{n('title')}</h2>
      <label>{n('id')} <input value={form.id} onChange={(e) => setForm({ ...form, id: e.target.value })} required pattern="[A-Za-z0-9][A-Za-z0-9._\-]*" data-testid="rehearsal-id" /></label>
      <label>{n('name')} <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required data-testid="rehearsal-name" /></label>
      <label>
        {n('from')}{' '}
        <select value={form.source} onChange={(e) => setForm({ ...form, source: e.target.value as 'results' | 'event' })} data-testid="rehearsal-source">
          <option value="results">{n('fromResults')}</option>
          <option value="event">{n('fromEvent')}</option>
        </select>
      </label>
      {form.source === 'results' ? (
        <>
          <FilePicker label={n('file')} accept=".csv,text/csv" testId="rehearsal-file" onFile={(f) => setFile(f ?? null)} />
          <label>{n('sample')} <input type="number" min={1} value={form.sample} onChange={(e) => setForm({ ...form, sample: e.target.value })} data-testid="rehearsal-sample" /></label>
        </>
      ) : (
        <label>
          {n('event')}{' '}
          <select value={form.sourceEventId} onChange={(e) => setForm({ ...form, sourceEventId: e.target.value })} required data-testid="rehearsal-source-event">
            <option value="">{n('choose')}</option>
            {events.map((ev) => (
              <option key={ev.id} value={ev.id}>{ev.name}</option>
            ))}
          </select>
        </label>
      )}
      <button type="submit" disabled={busy} data-testid="rehearsal-create">{n('create')}</button>
      <Message message={message} />
    </form>
  );
}
