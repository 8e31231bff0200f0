import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useLive } from './LiveProvider';

/**
 * The connection, in the header. A page showing a past moment (`?at=`) is not live, whatever the
 * socket does: it says so instead of the green "Live".
 */
export function ConnectionIndicator() {
  const { state } = useLive();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const shown = state === 'live' && params.has('at') ? 'past' : state;
  return (
    <span className={`connection connection-${shown}`} data-testid="connection" data-state={shown} role="status">
      <span className="connection-dot" aria-hidden="true" />
      {t(`connection.${shown}`)}
    </span>
  );
}
