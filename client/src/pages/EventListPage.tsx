import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { EventInfo } from '../../../shared/domain';
import { api } from '../api';

export function EventListPage() {
  const { t } = useTranslation();
  const [events, setEvents] = useState<EventInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    api.events(abort.signal).then(setEvents, (e: Error) => !abort.signal.aborted && setError(e.message));
    return () => abort.abort();
  }, []);
  return (
    <main className="page">
      <h1>{t('events.title')}</h1>
      {error && <p className="error">{error}</p>}
      {events === null && !error && <p>{t('app.loading')}</p>}
      {events?.length === 0 && <p>{t('events.none')}</p>}
      <ul className="event-list">
        {events?.map((e) => (
          <li key={e.id}>
            <Link to={`/e/${e.id}`} className="event-card">
              <strong>
                {e.name}
                {/* A rehearsal is a race played again, never to be taken for a live one. */}
                {e.rehearsal && <span className="rehearsal-tag" data-testid="rehearsal-tag">{t('events.rehearsal')}</span>}
              </strong>
              <span>
                {e.date} · {t('events.races', { count: e.races.length })} · {t('events.entrants', { count: e.entrantCount })}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </main>
  );
}
