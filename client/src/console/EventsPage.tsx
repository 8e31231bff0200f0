// The events this organizer manages, and a new event with its first race.
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { DEFAULT_READ_WINDOW_DAYS, MAX_READ_WINDOW_DAYS } from '../../../shared/read-window';
import { consoleApi } from './console-api';
import { useAction, useLoad } from './use-async';
import { Message } from './Message';
import { NewRehearsal } from './NewRehearsal';
import { RaceSpecFields, specFrom, type RaceForm, emptyRaceForm } from './RaceSpecFields';

export function EventsPage() {
  const { t } = useTranslation();
  const { data, error } = useLoad(() => consoleApi.events(), []);
  const navigate = useNavigate();
  const [run, busy, message] = useAction();
  const [form, setForm] = useState({ id: '', name: '', date: new Date().toISOString().slice(0, 10), timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, readWindowDays: DEFAULT_READ_WINDOW_DAYS });
  const [race, setRace] = useState<RaceForm>(emptyRaceForm);

  const create = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await consoleApi.createEvent({ ...form, race: specFrom(race) });
      navigate(`/console/events/${encodeURIComponent(form.id)}/setup`);
    });
  };

  return (
    <div className="page">
      <h1>{t('console.events.title')}</h1>
      {error && <p className="error">{error}</p>}
      <ul className="console-list">
        {data?.events.map((e) => (
          <li key={e.id}>
            <Link to={`/console/events/${encodeURIComponent(e.id)}/setup`}>{e.name}</Link>{e.rehearsal && <span className="rehearsal-tag"> {t('console.events.rehearsal')}</span>} <span className="muted">{t('console.events.summary', { date: e.date, races: e.races.length, entrants: e.entrants })}</span>
          </li>
        ))}
      </ul>
      <form className="console-card" onSubmit={create}>
        <h2>{t('console.events.add')}</h2>
        <label>{t('console.events.id')} <input value={form.id} onChange={(e) => setForm({ ...form, id: e.target.value })} required pattern="[A-Za-z0-9][A-Za-z0-9._\-]*" /></label>
        <label>{t('console.events.name')} <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required /></label>
        <label>{t('console.events.date')} <input type="date" value={form.date} onChange={(e) => setForm({ ...form, date: e.target.value })} required /></label>
        <label>{t('console.events.timeZone')} <input value={form.timeZone} onChange={(e) => setForm({ ...form, timeZone: e.target.value })} /></label>
        <label>{t('console.events.readWindowDays')} <input type="number" min={0} max={MAX_READ_WINDOW_DAYS} step={1} value={form.readWindowDays} onChange={(e) => setForm({ ...form, readWindowDays: Number(e.target.value) })} required /></label>
        <h3>{t('console.events.firstRace')}</h3>
        <RaceSpecFields value={race} onChange={setRace} />
        <button type="submit" disabled={busy}>{t('console.events.create')}</button>
        <Message message={message} />
      </form>
      <NewRehearsal events={data?.events ?? []} />
    </div>
  );
}
