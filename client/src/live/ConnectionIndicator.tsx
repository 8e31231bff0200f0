import { useTranslation } from 'react-i18next';
import { useLive } from './LiveProvider';

export function ConnectionIndicator() {
  const { state } = useLive();
  const { t } = useTranslation();
  return (
    <span className={`connection connection-${state}`} data-testid="connection" data-state={state} role="status">
      <span className="connection-dot" aria-hidden="true" />
      {t(`connection.${state}`)}
    </span>
  );
}
