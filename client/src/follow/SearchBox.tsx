// Instant search by name or bib across the event.
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { RunnerRow } from '../../../shared/views';
import { api } from '../api';
import { useEventInfo } from '../live/event-context';
import { Flag } from '../Flag';
import { FollowButton } from './FollowButton';
import { RunnerName } from '../leaderboard/RunnerName';

const DEBOUNCE_MS = 150;

export function SearchBox() {
  const info = useEventInfo();
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<RunnerRow[] | null>(null);

  useEffect(() => {
    const query = q.trim();
    if (!query) {
      setResults(null);
      return;
    }
    const abort = new AbortController();
    const timer = setTimeout(() => {
      api.search(info.id, query, abort.signal).then(setResults, () => {});
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [q, info.id]);

  const raceName = (id: string) => info.races.find((r) => r.id === id)?.name ?? id;
  return (
    <div className="search">
      <input
        type="search"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        placeholder={t('search.placeholder')}
        aria-label={t('search.placeholder')}
        data-testid="search"
      />
      {results && (
        <ul className="search-results" data-testid="search-results">
          {results.length === 0 && <li className="muted">{t('search.none')}</li>}
          {results.map((r) => (
            <li key={r.bib}>
              <Link to={`/e/${info.id}/runner/${r.bib}`} onClick={() => setQ('')}>
                <span className="bib">{r.bib}</span> <Flag countries={info.countries} code={r.country} /> <RunnerName row={r} />
                <span className="muted"> · {raceName(r.raceId)}</span>
              </Link>
              <FollowButton bib={r.bib} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
